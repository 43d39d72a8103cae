package dev.slipway.deploy;

import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.ContainerSpec;
import dev.slipway.engine.ContainerState;
import dev.slipway.engine.DockerTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The retire step against the real Docker engine, with containers whose PID 1 ignores SIGTERM. */
class RetireTest {
    private final ContainerEngine engine = DockerTestSupport.engine();
    private final String testId = UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void removeWhatTheTestCreated() {
        for (ContainerState container : engine.list(labels())) engine.remove(container.id());
    }

    @Test
    void threeContainersThatIgnoreSigtermRetireInOneGrace() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // A PID 1 that ignores SIGTERM, so only the SIGKILL after the grace ends it.
            String id = engine.create(ContainerSpec.of("slipway-retire-" + testId + "-" + i, DockerTestSupport.BUSYBOX)
                    .withLabels(labels())
                    .withCommand(List.of("/bin/sh", "-c", "trap '' TERM; while true; do sleep 1; done")));
            engine.start(id);
            ids.add(id);
        }
        assertThat(ids).allMatch(id -> engine.inspect(id).running());

        long started = System.nanoTime();
        List<String> failed = new Retire(engine, null).stopAndRemove(ids);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        System.out.println("retire of 3 SIGTERM-ignoring containers took " + took.toMillis() + " ms");
        assertThat(failed).isEmpty();
        assertThat(engine.list(labels())).isEmpty();
        // Each one waited out the grace (so SIGTERM really was ignored), but all together, not in turn.
        assertThat(took).isGreaterThanOrEqualTo(Containers.STOP_TIMEOUT.minusMillis(500))
                .isLessThan(Containers.STOP_TIMEOUT.multipliedBy(2));
    }

    private Map<String, String> labels() {
        Map<String, String> labels = new HashMap<>(DockerTestSupport.TEST_LABELS);
        labels.put("slipway.test.id", testId);
        return labels;
    }
}
