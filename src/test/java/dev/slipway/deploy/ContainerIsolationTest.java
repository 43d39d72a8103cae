package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.ContainerState;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deployed containers are kept apart: each environment on its own network, each container with
 * dropped capabilities, no-new-privileges and the limits of {@code slipway.yaml}. The apps probe from
 * inside (busybox httpd CGI scripts), and the test asks them through the router.
 */
class ContainerIsolationTest {
    private static final long MIB = 1024 * 1024;
    private static final String DOCKERFILE = """
            FROM busybox:1.36
            COPY www /www
            RUN chmod +x /www/cgi-bin/*
            CMD ["sh", "-c", "exec httpd -f -p \\"$PORT\\" -h /www"]
            """;
    // GET /cgi-bin/probe?ADDRESS:PORT says whether this container opens a connection to that address.
    // busybox 1.36 wget -T crashes here, hence timeout(1).
    private static final String PROBE = """
            #!/bin/sh
            printf 'Content-Type: text/plain\\r\\n\\r\\n'
            case "$QUERY_STRING" in *[!0-9.:]*|'') echo "bad target"; exit 0;; esac
            if timeout 5 wget -q -O /dev/null "http://$QUERY_STRING/"; then echo reached; else echo unreachable; fi
            """;
    private static final String PING = """
            #!/bin/sh
            printf 'Content-Type: text/plain\\r\\n\\r\\n'
            ping -c 1 -W 1 127.0.0.1 >/dev/null 2>&1 && echo ping:ok || echo ping:refused
            """;
    private static final String CONFIG = """
            web:
              port: 8080
              health: {path: /, timeout: 15s, interval: 200ms, successes: 2}
              drain_timeout: 1s
            migrate:
              - echo "migrate $(grep NoNewPrivs /proc/self/status | tr -d '\\t') memory:$(cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes)"
            processes:
              worker:
                command: exec httpd -f -p 9000 -h /www
            """;

    @TempDir static Path tmp;
    static TestServer server;
    static ContainerEngine engine;

    @BeforeAll
    static void startServer() {
        engine = DockerTestSupport.engine();
        server = TestServer.start(tmp.resolve("data"));
    }

    @AfterAll
    static void stopServer() {
        server.closeAndRemoveWhatItRan();
    }

    @Test
    void aContainerOfOneProjectCannotConnectToAnotherProjectsWebContainerButReachesItsOwnWorker() {
        String alpha = deploy(CONFIG);
        String beta = deployedWithDefaults();
        String betaWeb = containers(beta, "web").getFirst().web().toString();
        String alphaWorker = address(containers(alpha, "process:worker").getFirst()) + ":9000";

        assertThat(server.request(beta, "test", "/").status()).as("beta answers through the router").isEqualTo(200);
        assertThat(server.request(alpha, "test", "/cgi-bin/probe?" + alphaWorker).body()).as("alpha's web to alpha's worker").isEqualTo("reached\n");
        assertThat(server.request(alpha, "test", "/cgi-bin/probe?" + betaWeb).body()).as("alpha's web to beta's web at " + betaWeb).isEqualTo("unreachable\n");
        assertThat(server.request(beta, "test", "/cgi-bin/probe?" + alphaWorker).body()).as("beta's web to alpha's worker").isEqualTo("unreachable\n");

        InspectContainerResponse web = DockerTestSupport.inspect(containers(alpha, "web").getFirst().id());
        String network = web.getHostConfig().getNetworkMode();
        assertThat(network).isNotIn("bridge", "default", "host");
        assertThat(engine.networks(Map.of(Labels.INSTANCE, server.instanceId(), Labels.PROJECT, alpha))).containsExactly(network);
        assertThat(DockerTestSupport.inspect(containers(beta, "web").getFirst().id()).getHostConfig().getNetworkMode()).isNotEqualTo(network);

        TestServer.Answer deleted = server.call("DELETE", "/api/v1/projects/" + alpha, null);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(engine.networks(Map.of(Labels.INSTANCE, server.instanceId(), Labels.PROJECT, alpha))).as("deleting the project removes its network").isEmpty();
    }

    @Test
    void everyDeployedContainerRunsConfinedWithTheLimitsOfSlipwayYaml() {
        String project = deploy(CONFIG + "resources: {memory: 96m, cpus: 0.5, pids: 64}\n");
        long deployment = containers(project, "web").getFirst().labels().get(Labels.DEPLOYMENT).transform(Long::parseLong);

        for (String role : List.of("web", "process:worker")) {
            HostConfig host = DockerTestSupport.inspect(containers(project, role).getFirst().id()).getHostConfig();
            assertThat(host.getMemory()).as(role).isEqualTo(96 * MIB);
            assertThat(host.getNanoCPUs()).as(role).isEqualTo(500_000_000L);
            assertThat(host.getPidsLimit()).as(role).isEqualTo(64L);
            assertThat(host.getCapDrop()).as(role).containsExactly(Capability.ALL);
            assertThat(host.getCapAdd()).as(role).extracting(Capability::name)
                    .containsExactlyInAnyOrder("CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "NET_BIND_SERVICE", "SETGID", "SETUID");
            assertThat(host.getSecurityOpts()).as(role).containsExactly("no-new-privileges:true");
        }
        assertThat(server.request(project, "test", "/cgi-bin/ping").body()).as("ping needs NET_RAW").isEqualTo("ping:refused\n");
        assertThat(server.log(deployment)).as("the migration's one-off container too").contains("migrate NoNewPrivs:1 memory:" + 96 * MIB);
    }

    @Test
    void withoutAResourcesSectionContainersGetTheDefaultLimits() {
        String project = deployedWithDefaults();

        HostConfig host = DockerTestSupport.inspect(containers(project, "web").getFirst().id()).getHostConfig();

        assertThat(host.getMemory()).isEqualTo(512 * MIB);
        assertThat(host.getNanoCPUs()).isEqualTo(1_000_000_000L);
        assertThat(host.getPidsLimit()).isEqualTo(256L);
    }

    @Test
    void deletingAnEnvironmentRemovesItsNetworkAndLeavesTheOtherEnvironmentsRunning() {
        String project = deploy(CONFIG);
        JsonNode live = server.deployAndAwait(project, "live", null);
        assertThat(live.get("deployment").get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(networks(project)).hasSize(2);
        String liveNetwork = DockerTestSupport.inspect(containers(project, "web").stream()
                .filter(c -> c.labels().get(Labels.ENVIRONMENT).equals("live")).findFirst().orElseThrow().id()).getHostConfig().getNetworkMode();

        TestServer.Answer deleted = server.call("DELETE", "/api/v1/projects/" + project + "/environments/test", null);

        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(networks(project)).containsExactly(liveNetwork);
        assertThat(server.request(project, "live", "/").body()).isEqualTo(project + "\n");
    }

    @Test
    void recoveryRemovesTheNetworkOfAnEnvironmentWithoutAReleaseAndKeepsTheOnesInUse() {
        String serving = deployedWithDefaults();
        String broken = deploy(CONFIG.replace("  port: 8080\n", "  port: 8080\n  command: echo broken; exit 3\n"), "FAILED");
        assertThat(networks(broken)).as("the failed start leaves the network for the next deployment").hasSize(1);

        server.close();
        server = TestServer.start(tmp.resolve("data"));

        assertThat(networks(broken)).as("no release uses it").isEmpty();
        assertThat(networks(serving)).hasSize(1);
        assertThat(server.request(serving, "test", "/").body()).as("routed again after the restart").isEqualTo(serving + "\n");
    }

    private static List<String> networks(String project) {
        return engine.networks(Map.of(Labels.INSTANCE, server.instanceId(), Labels.PROJECT, project));
    }

    private static String deploy(String config) {
        return deploy(config, "SUCCEEDED");
    }

    static String withDefaults;

    /**
     * A project deployed with {@link #CONFIG} that the tests only look at (probe, inspect, restart the server
     * under): deployed once per class, and again only if it no longer answers through the router.
     */
    private static String deployedWithDefaults() {
        if (withDefaults == null || !server.request(withDefaults, "test", "/").body().equals(withDefaults + "\n")) withDefaults = deploy(CONFIG);
        return withDefaults;
    }

    /** A new project at one commit of the probing app with {@code config}, deployed to test. */
    private static String deploy(String config, String status) {
        String project = "iso" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        TestRepo repo = TestRepo.create(tmp.resolve(project));
        Map<String, String> files = new HashMap<>();
        files.put("Dockerfile", DOCKERFILE);
        files.put("slipway.yaml", config);
        files.put("www/index.html", project + "\n");
        files.put("www/cgi-bin/probe", PROBE);
        files.put("www/cgi-bin/ping", PING);
        repo.commit("probing app", files);
        server.createProject(project, repo.url());
        JsonNode done = server.deployAndAwait(project, "test", null);
        long id = done.get("deployment").get("id").asLong();
        assertThat(done.get("deployment").get("status").asText()).as(server.log(id)).isEqualTo(status);
        return project;
    }

    private static List<ContainerState> containers(String project, String role) {
        List<ContainerState> found = engine.list(Map.of(Labels.INSTANCE, server.instanceId(), Labels.PROJECT, project, Labels.ROLE, role));
        assertThat(found).as(role + " containers of " + project).isNotEmpty();
        return found;
    }

    /** The container's address on the one network it is attached to. */
    private static String address(ContainerState container) {
        var networks = DockerTestSupport.inspect(container.id()).getNetworkSettings().getNetworks();
        assertThat(networks).hasSize(1);
        return networks.values().iterator().next().getIpAddress();
    }
}
