package dev.slipway.engine.swarm;

import com.github.dockerjava.core.DockerClientImpl;
import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.ContainerEngineContract;
import dev.slipway.engine.ContainerSpec;
import dev.slipway.engine.ContainerState;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.engine.EngineException;
import dev.slipway.engine.WebAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine contract on a real three-node swarm (the host's engine as manager, two Docker-in-Docker
 * workers), plus what only Swarm does: tasks on workers, the push of an image to the registry.
 */
class SwarmContainerEngineTest extends ContainerEngineContract {
    private static final Duration NETWORK_REMOVE_TIMEOUT = Duration.ofSeconds(30);
    // Swarm marks a silent node down after about 15 s (SwarmRestartMeasurementTest).
    private static final Duration NODE_DOWN_TIMEOUT = Duration.ofSeconds(45);
    private static SwarmCluster cluster;
    private static SwarmContainerEngine engine;
    private static long classStarted;

    @BeforeAll
    static void startCluster() {
        classStarted = System.nanoTime();
        cluster = SwarmCluster.start();
        engine = SwarmContainerEngine.connect(cluster.manager(), DockerTestSupport.engine(), cluster.registry());
        System.out.printf("swarm engine test: cluster started in %.1f s%n", cluster.startTime().toMillis() / 1000.0);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster == null) return;
        cluster.close();
        System.out.printf("swarm engine test: whole class %.1f s%n", (System.nanoTime() - classStarted) / 1e9);
    }

    @Override
    protected ContainerEngine engine() {
        return engine;
    }

    // A removed service's tasks leave the overlay a moment later: until then Swarm says it is in use.
    @Override
    protected void removeNetwork(String name) {
        Instant deadline = Instant.now().plus(NETWORK_REMOVE_TIMEOUT);
        while (!engine.removeNetwork(name)) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("network " + name + " still in use after " + NETWORK_REMOVE_TIMEOUT);
            Services.pause();
        }
    }

    @Test
    void aWebTaskOnAWorkerAnswersAtTheAddressInspectGivesFromTheManager() {
        ContainerSpec web = spec("worker-web", "mkdir -p /www && echo on-a-worker > /www/index.html && exec httpd -f -p 8080 -h /www")
                .withPublishPort(8080);
        String id = engine.create(web);
        placeOnWorkers(id);

        long started = System.nanoTime();
        engine.start(id);
        double startSeconds = (System.nanoTime() - started) / 1e9;
        ContainerState state = engine.inspect(id);

        String node = SwarmTask.newest(services().tasks(id)).orElseThrow().nodeId();
        assertThat(node).isNotEqualTo(managerNodeId());
        assertThat(state.running()).isTrue();
        assertThat(state.web()).isNotNull();
        assertThat(state.web().host()).isNotEqualTo(cluster.managerAddress());
        assertAnswers(state.web(), "on-a-worker\n");
        System.out.printf("swarm engine test: create->running on a worker %.1f s, answered at %s%n", startSeconds, state.web());
    }

    @Test
    void aTaskWhoseNodeWentDownReadsAsStoppedAndStartRunsItOnANodeThatIsUp() {
        ContainerSpec web = spec("node-down", "mkdir -p /www && echo survived > /www/index.html && exec httpd -f -p 8080 -h /www")
                .withPublishPort(8080);
        String id = engine.create(web);
        placeOnWorkers(id);
        engine.start(id);
        String node = SwarmTask.newest(services().tasks(id)).orElseThrow().nodeId();
        WebAddress before = engine.inspect(id).web();

        long frozen = System.nanoTime();
        cluster.freeze(node);
        try {
            Instant deadline = Instant.now().plus(NODE_DOWN_TIMEOUT);
            while (engine.inspect(id).running()) {
                assertThat(Instant.now()).as("still running %s s after its node froze", NODE_DOWN_TIMEOUT.toSeconds()).isBefore(deadline);
                Services.pause();
            }
            double stoppedAfter = (System.nanoTime() - frozen) / 1e9;
            ContainerState stopped = engine.inspect(id);
            engine.start(id);
            ContainerState again = engine.inspect(id);

            assertThat(stopped.web()).isNull();
            assertThat(again.running()).isTrue();
            assertThat(SwarmTask.newest(services().tasks(id)).orElseThrow().nodeId()).isNotEqualTo(node);
            assertThat(again.web().host()).isNotEqualTo(before.host());
            assertAnswers(again.web(), "survived\n");
            System.out.printf("swarm engine test: node frozen -> task read as stopped after %.1f s; started again on another worker%n",
                    stoppedAfter);
        } finally {
            cluster.thaw(node);
        }
    }

    @Test
    void anOverlayRemovedAfterItsServiceIsGoneFromTheListAtOnceAndASecondRemoveIsFine() {
        String network = "slipway-test-" + UUID.randomUUID().toString().substring(0, 8) + "-gone";
        engine.ensureNetwork(network, labels());
        String id = engine.create(spec("gone-user", "exec sleep 60").withNetwork(network));
        engine.start(id);
        engine.remove(id);

        // Swarm deletes an overlay a moment after the request; a second request meanwhile answers 500 "not found".
        assertThat(engine.removeNetwork(network)).isTrue();
        assertThat(engine.networks(labels())).isEmpty();
        assertThat(engine.removeNetwork(network)).isTrue();
    }

    @Test
    void anImageIsPushedOnceAndServicesNameItByDigest() {
        String tag = "slipway-swarm-test/once:" + UUID.randomUUID().toString().substring(0, 8);
        String imageId = DockerTestSupport.buildImage(tag, Map.of("Dockerfile", "FROM " + BASE + "\nLABEL once=" + tag + "\n"));
        try {
            int before = engine.pushes();
            String first = engine.create(ContainerSpec.of(null, tag).withLabels(labels()));
            Duration push = engine.lastPush();
            String second = engine.create(ContainerSpec.of(null, tag).withLabels(labels()));

            assertThat(engine.pushes()).isEqualTo(before + 1);
            String repository = "slipway/slipway-swarm-test/once";
            String digest = cluster.registryDigest(repository, ServiceMapping.shortId(imageId));
            for (String id : List.of(first, second)) {
                assertThat(cluster.manager().inspectServiceCmd(id).exec().getSpec().getTaskTemplate().getContainerSpec().getImage())
                        .isEqualTo(cluster.registry() + "/" + repository + "@" + digest);
                assertThat(engine.inspect(id).image()).isEqualTo(tag);
            }
            System.out.printf("swarm engine test: push of a one-layer image %.2f s%n", push.toMillis() / 1000.0);
        } finally {
            engine.list(labels()).forEach(c -> engine.remove(c.id()));
            engine.removeImage(tag);
        }
    }

    @Test
    void aTaskNoNodeCanRunFailsTheStartNamingTheServiceAndWhy() {
        ContainerSpec nowhere = spec("nowhere", "exec sleep 60");
        String id = engine.create(nowhere);
        constrain(id, "node.labels.slipway-no-such-label==yes");
        SwarmContainerEngine impatient = SwarmContainerEngine.connect(cluster.manager(), DockerTestSupport.engine(), cluster.registry(),
                Duration.ofSeconds(5));

        assertThatThrownBy(() -> impatient.start(id))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("service " + nowhere.name() + " did not start within 5 s")
                .hasMessageContaining("no suitable node");
    }

    private static Services services() {
        return new Services(new RawApi(((DockerClientImpl) cluster.manager()).getHttpClient()));
    }

    private static String managerNodeId() {
        return cluster.manager().infoCmd().exec().getSwarm().getNodeID();
    }

    private static void placeOnWorkers(String id) {
        constrain(id, "node.role==worker");
    }

    // Test only: the product never places a service itself except for mounts.
    private static void constrain(String id, String constraint) {
        services().update(id, "placing " + id, spec -> spec.withObjectProperty("TaskTemplate").withObjectProperty("Placement")
                .putArray("Constraints").add(constraint));
    }
}
