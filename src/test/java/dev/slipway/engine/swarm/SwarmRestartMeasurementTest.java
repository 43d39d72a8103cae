package dev.slipway.engine.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeAvailability;
import com.github.dockerjava.api.model.SwarmNodeState;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.core.DockerClientImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Swarm does with a crashed task and with the tasks of a node that goes down, under the restart
 * conditions {@code none} (what {@link ServiceMapping} chooses) and {@code on-failure}. The assertions
 * are the measured facts that choice rests on; the figures are printed. A measurement of Swarm itself
 * (80 s, most of it waiting for nodes to be marked down), so it runs from bench/swarm-restarts.sh, not
 * in the suite; what the engine does with a node that goes down is tested in SwarmContainerEngineTest
 * and SwarmDeploymentTest.
 */
@Tag("measurement")
class SwarmRestartMeasurementTest {
    private static final Duration NODE_DOWN_WINDOW = Duration.ofSeconds(60);
    private static SwarmCluster cluster;
    private static DockerClient manager;
    private static Services services;

    @BeforeAll
    static void startCluster() {
        cluster = SwarmCluster.start();
        manager = cluster.manager();
        services = new Services(new RawApi(((DockerClientImpl) manager).getHttpClient()));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) cluster.close();
    }

    @Test
    void aCrashedTaskStaysCrashedUnderNoneAndIsReplacedUnderOnFailure() {
        String none = create("crash-none", "echo crashing; exit 7", ServiceRestartCondition.NONE, 1);
        String onFailure = create("crash-onfailure", "echo crashing; exit 7", ServiceRestartCondition.ON_FAILURE, 1);

        Pause.millis(10_000);

        List<SwarmTask> noneTasks = services.tasks(none);
        List<SwarmTask> onFailureTasks = services.tasks(onFailure);
        System.out.printf("restart measurement: after 10 s, none: %s; on-failure: %s%n", describe(noneTasks), describe(onFailureTasks));
        assertThat(noneTasks).hasSize(1);
        assertThat(noneTasks.getFirst().state()).isEqualTo("failed");
        assertThat(noneTasks.getFirst().exitCode()).isEqualTo(7);
        // on-failure (default delay 5 s) made at least one more task: the newest is no longer the crashed one.
        assertThat(onFailureTasks.size()).isGreaterThan(1);
    }

    @Test
    void theTasksOfANodeThatGoesDownAreReplacedOnlyUnderOnFailure() {
        SwarmNode managerNode = manager.listSwarmNodesCmd().withIdFilter(List.of(managerNodeId())).exec().getFirst();
        setAvailability(managerNode.getId(), SwarmNodeAvailability.DRAIN);
        String none;
        String onFailure;
        try {
            none = create("down-none", "exec sleep 600", ServiceRestartCondition.NONE, 1);
            onFailure = create("down-onfailure", "exec sleep 600", ServiceRestartCondition.ON_FAILURE, 1);
            awaitRunning(none);
            awaitRunning(onFailure);
        } finally {
            setAvailability(managerNode.getId(), SwarmNodeAvailability.ACTIVE);
        }
        Map<String, Double> seen = new LinkedHashMap<>();
        long frozen = System.nanoTime();
        cluster.workerIds().forEach(cluster::freeze);
        try {
            Instant deadline = Instant.now().plus(NODE_DOWN_WINDOW);
            while (Instant.now().isBefore(deadline)) {
                double at = (System.nanoTime() - frozen) / 1e9;
                boolean down = manager.listSwarmNodesCmd().exec().stream()
                        .filter(n -> cluster.workerIds().contains(n.getId())).allMatch(n -> n.getStatus().getState() == SwarmNodeState.DOWN);
                if (down) seen.putIfAbsent("workers down", at);
                if (runsOnManager(onFailure)) seen.putIfAbsent("on-failure replaced on the manager", at);
                if (runsOnManager(none)) seen.putIfAbsent("none replaced on the manager", at);
                if (seen.containsKey("on-failure replaced on the manager") && at > 45) break;
                Pause.millis(250);
            }
            System.out.printf("restart measurement: after freezing both workers (s): %s; none's tasks then: %s%n", seen,
                    describe(services.tasks(none)));
        } finally {
            cluster.workerIds().forEach(cluster::thaw);
        }
        assertThat(seen).containsKey("workers down").containsKey("on-failure replaced on the manager").doesNotContainKey("none replaced on the manager");
    }

    private static boolean runsOnManager(String serviceId) {
        return services.tasks(serviceId).stream().anyMatch(t -> t.running() && t.nodeId().equals(managerNodeId()));
    }

    private static String create(String name, String script, ServiceRestartCondition condition, int replicas) {
        return manager.createServiceCmd(new ServiceSpec().withName("slipway-swarm-measure-" + name).withLabels(cluster.labels())
                .withTaskTemplate(new TaskSpec()
                        .withContainerSpec(new ContainerSpec().withImage(cluster.registry() + "/" + pushBusybox()).withArgs(List.of("sh", "-c", script)))
                        .withRestartPolicy(new ServiceRestartPolicy().withCondition(condition)))
                .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(replicas)))
                .withEndpointSpec(new EndpointSpec().withMode(EndpointResolutionMode.DNSRR))).exec().getId();
    }

    private static String pushed;

    // The workers pull from the cluster's registry: busybox goes there once, through the product's own pusher.
    private static synchronized String pushBusybox() {
        if (pushed == null) {
            String ref = new RegistryImages(manager, cluster.registry()).pullableRef(
                    manager.inspectImageCmd("busybox:1.36").exec().getId(), "busybox:1.36");
            pushed = ref.substring(cluster.registry().length() + 1);
        }
        return pushed;
    }

    private static void awaitRunning(String serviceId) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (services.tasks(serviceId).stream().noneMatch(SwarmTask::running)) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("no running task of " + serviceId + ": " + describe(services.tasks(serviceId)));
            Pause.millis(100);
        }
    }

    private static void setAvailability(String nodeId, SwarmNodeAvailability availability) {
        SwarmNode node = manager.listSwarmNodesCmd().withIdFilter(List.of(nodeId)).exec().getFirst();
        manager.updateSwarmNodeCmd().withSwarmNodeId(nodeId).withVersion(node.getVersion().getIndex())
                .withSwarmNodeSpec(node.getSpec().withAvailability(availability)).exec();
    }

    private static String managerNodeId() {
        return manager.infoCmd().exec().getSwarm().getNodeID();
    }

    private static String describe(List<SwarmTask> tasks) {
        return tasks.stream().map(t -> t.state() + "/" + t.desiredState() + (t.exitCode() == null ? "" : " exit " + t.exitCode())).toList().toString();
    }
}
