package dev.slipway.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every {@link ContainerEngine} must do to keep containers apart: isolated networks, resource
 * limits and dropped privileges, each seen from inside a real container (busybox:1.36).
 */
public abstract class ContainerIsolationContract {
    protected static final String BASE = DockerTestSupport.BUSYBOX;
    protected static final Duration RUN_TIMEOUT = Duration.ofSeconds(20);
    private static final long MIB = 1024 * 1024;

    protected final String testId = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> networks = new ArrayList<>();

    protected abstract ContainerEngine engine();

    @AfterEach
    void removeWhatTheTestCreated() {
        for (ContainerState container : engine().list(labels())) engine().remove(container.id());
        networks.forEach(engine()::removeNetwork);
    }

    protected Map<String, String> labels() {
        Map<String, String> labels = new HashMap<>(DockerTestSupport.TEST_LABELS);
        labels.put("slipway.test.id", testId);
        return labels;
    }

    protected ContainerSpec spec(String name, String script) {
        return ContainerSpec.of("slipway-test-" + testId + "-" + name, BASE)
                .withLabels(labels())
                .withCommand(List.of("/bin/sh", "-c", script));
    }

    protected String network(String name) {
        String network = "slipway-test-" + testId + "-" + name;
        networks.add(network);
        engine().ensureNetwork(network, labels());
        return network;
    }

    /** A web server on {@code network} that says its own address in its log; returns the address. */
    protected String serverOn(String network, String name) {
        String id = engine().create(spec(name, "echo " + name + " > /index.html; echo \"address $(hostname -i)\"; exec httpd -f -p 8080 -h /")
                .withNetwork(network));
        engine().start(id);
        return await().atMost(Duration.ofSeconds(10)).until(() -> engine().logs(id, 5).stream()
                .filter(line -> line.startsWith("address ")).map(line -> line.substring("address ".length()).trim())
                .findFirst().orElse(null), address -> address != null);
    }

    // busybox 1.36 wget -T crashes (exit 139) here, hence timeout(1); 5 s leaves room on a loaded machine.
    private RunResult fetchFrom(String network, String address) {
        return engine().run(spec("probe-" + UUID.randomUUID().toString().substring(0, 4),
                "timeout 5 wget -q -O - http://" + address + ":8080/").withNetwork(network), RUN_TIMEOUT, LogSink.NONE);
    }

    @Test
    void networksCarryTheirLabelsAndAreFoundByThem() {
        String network = network("found");
        engine().ensureNetwork(network, labels());

        assertThat(engine().networks(labels())).containsExactly(network);
        assertThat(engine().networks(Map.of("slipway.test.id", testId + "-other"))).isEmpty();
    }

    @Test
    void aNetworkInUseIsLeftAloneAndRemovedOnceNothingUsesIt() {
        String network = network("used");
        String id = engine().create(spec("user", "sleep 60").withNetwork(network));
        engine().start(id);

        assertThat(engine().removeNetwork(network)).isFalse();
        assertThat(engine().networks(labels())).containsExactly(network);

        engine().remove(id);
        assertThat(engine().removeNetwork(network)).isTrue();
        assertThat(engine().networks(labels())).isEmpty();
        assertThat(engine().removeNetwork(network)).as("a missing network is fine").isTrue();
    }

    @Test
    void aContainerReachesItsOwnNetworkButNotAnotherNetworksContainerByAddress() {
        String mine = network("mine");
        String theirs = network("theirs");
        String neighbour = serverOn(mine, "neighbour");
        String stranger = serverOn(theirs, "stranger");

        RunResult own = fetchFrom(mine, neighbour);
        RunResult other = fetchFrom(mine, stranger);

        assertThat(own.exitCode()).as("own network: %s", own.lastLines()).isZero();
        assertThat(own.lastLines()).containsExactly("neighbour");
        assertThat(other.exitCode()).as("other network: %s", other.lastLines()).isNotZero();
        assertThat(other.lastLines()).doesNotContain("stranger");
        RunResult inside = fetchFrom(theirs, stranger);
        assertThat(inside.lastLines()).as("the stranger answers on its own network (exit %d)", inside.exitCode()).containsExactly("stranger");
    }

    @Test
    void limitsAndPrivilegesHoldInsideTheContainer() {
        String script = """
                grep -E '^(CapEff|NoNewPrivs):' /proc/self/status | tr -d '\\t'
                echo "memory:$(cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes)"
                echo "pids:$(cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max)"
                ping -c 1 -W 1 127.0.0.1 >/dev/null 2>&1 && echo ping:ok || echo ping:refused
                """;
        RunResult confined = engine().run(spec("confined", script)
                .withLimits(new Limits(64 * MIB, 500, 100)).withPrivileges(Privileges.WEB_APP), RUN_TIMEOUT, LogSink.NONE);
        RunResult usual = engine().run(spec("usual", script), RUN_TIMEOUT, LogSink.NONE);

        // CHOWN 0, DAC_OVERRIDE 1, FOWNER 3, FSETID 4, KILL 5, SETGID 6, SETUID 7, NET_BIND_SERVICE 10.
        long webApp = (1L << 0) | (1L << 1) | (1L << 3) | (1L << 4) | (1L << 5) | (1L << 6) | (1L << 7) | (1L << 10);
        assertThat(confined.lastLines()).containsExactly(
                "CapEff:" + String.format("%016x", webApp), "NoNewPrivs:1", "memory:" + 64 * MIB, "pids:100", "ping:refused");
        assertThat(usual.lastLines()).as("without them, the engine's defaults").contains("NoNewPrivs:0", "pids:max", "ping:ok");
    }
}
