package dev.slipway.engine.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServicePlacement;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.TaskState;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.engine.docker.SubnetsInUse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The swarm test cluster for real: an image pushed to its registry runs by digest as three replicas,
 * one per node, and each answers HTTP. The tasks' overlay addresses are not reachable from the host,
 * so a container of the node image (it has curl) on the host's engine, attached to the same attachable overlay, asks each
 * task's address; each answer is the hostname of the node the task runs on (a hostname template).
 */
class SwarmClusterTest {
    private static SwarmCluster cluster;
    private static long closeStarted;

    @BeforeAll
    static void startCluster() {
        cluster = SwarmCluster.start();
        System.out.printf("swarm cluster: started in %.1f s (node image %s)%n", cluster.startTime().toMillis() / 1000.0,
                cluster.nodeImageBuildTime() == null ? "re-used" : "built in " + cluster.nodeImageBuildTime().toSeconds() + " s");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster == null) return;
        closeStarted = System.nanoTime();
        cluster.close();
        System.out.printf("swarm cluster: closed in %.1f s%n", (System.nanoTime() - closeStarted) / 1e9);
    }

    @Test
    void anImagePushedToTheRegistryRunsByDigestOnEveryNodeAndEachTaskAnswers() throws Exception {
        DockerClient manager = cluster.manager();
        String repository = "slipway-swarm-test/hello";
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String image = cluster.registry() + "/" + repository + ":" + tag;
        DockerTestSupport.buildImage(image, Map.of("Dockerfile", """
                FROM busybox:1.36
                RUN mkdir -p /srv/www
                CMD ["sh", "-c", "hostname > /srv/www/index.html && exec httpd -f -p 8080 -h /srv/www"]
                """));
        String network = "slipway-swarm-" + tag + "-overlay";
        String probe = null;
        try {
            long pushStarted = System.nanoTime();
            push(manager, cluster.registry() + "/" + repository, tag);
            double pushSeconds = (System.nanoTime() - pushStarted) / 1e9;
            String digest = cluster.registryDigest(repository, tag);
            assertThat(manager.inspectImageCmd(image).exec().getRepoDigests()).contains(cluster.registry() + "/" + repository + "@" + digest);
            String byDigest = cluster.registry() + "/" + repository + "@" + digest;

            manager.createNetworkCmd().withName(network).withDriver("overlay").withAttachable(true).withLabels(cluster.labels()).exec();
            String service = "hello-" + tag;
            long serviceStarted = System.nanoTime();
            manager.createServiceCmd(new ServiceSpec().withName(service).withLabels(cluster.labels())
                    .withTaskTemplate(new TaskSpec()
                            .withContainerSpec(new ContainerSpec().withImage(byDigest).withHostname("{{.Node.Hostname}}"))
                            .withPlacement(new ServicePlacement().withMaxReplicas(1))
                            .withNetworks(List.of(new NetworkAttachmentConfig().withTarget(network))))
                    .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(3)))
                    .withEndpointSpec(new EndpointSpec().withMode(EndpointResolutionMode.DNSRR))).exec();
            List<Task> running = awaitRunning(manager, service, 3, Duration.ofSeconds(120));
            double runSeconds = (System.nanoTime() - serviceStarted) / 1e9;

            var spec = manager.inspectServiceCmd(service).exec().getSpec();
            assertThat(spec.getTaskTemplate().getPlacement().getMaxReplicas()).isEqualTo(1);
            assertThat(spec.getEndpointSpec().getMode()).isEqualTo(EndpointResolutionMode.DNSRR);
            assertThat(running).extracting(Task::getNodeId).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(cluster.nodeIds());

            Map<String, String> hostnameByIp = new HashMap<>();
            Set<String> imageIds = new HashSet<>();
            for (Task task : running) {
                DockerClient node = cluster.engineOf(task.getNodeId());
                var container = node.inspectContainerCmd(task.getStatus().getContainerStatus().getContainerID()).exec();
                assertThat(node.inspectImageCmd(container.getImageId()).exec().getRepoDigests()).contains(byDigest);
                imageIds.add(container.getImageId());
                String hostname = manager.listSwarmNodesCmd().withIdFilter(List.of(task.getNodeId())).exec().getFirst().getDescription().getHostname();
                hostnameByIp.put(container.getNetworkSettings().getNetworks().get(network).getIpAddress(), hostname);
            }
            assertThat(imageIds).hasSize(1);

            probe = manager.createContainerCmd(NodeImage.TAG).withEntrypoint("sleep", "120").withLabels(cluster.labels())
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode(network)).exec().getId();
            manager.startContainerCmd(probe).exec();
            for (Map.Entry<String, String> task : hostnameByIp.entrySet()) {
                Exec answer = Exec.run(manager, probe, Duration.ofSeconds(15),
                        List.of("curl", "-fsS", "-m", "5", "http://" + task.getKey() + ":8080/"));
                assertThat(answer.exitCode()).as("curl of task at " + task.getKey() + ": " + answer.output()).isZero();
                assertThat(answer.output()).as("answer of the task at " + task.getKey()).isEqualTo(task.getValue());
            }
            System.out.printf("swarm cluster: push %.1f s, 3 tasks running after %.1f s, answers %s%n", pushSeconds, runSeconds, hostnameByIp);
        } finally {
            if (probe != null) manager.removeContainerCmd(probe).withForce(true).exec();
            DockerTestSupport.engine().removeImage(image);
        }
    }

    @Test
    void theNetworkPickerCountsTheSubnetsSwarmTakesOnTheManager() throws InterruptedException {
        DockerClient manager = cluster.manager();
        String overlay = "slipway-swarm-" + UUID.randomUUID().toString().substring(0, 8) + "-picker";
        manager.createNetworkCmd().withName(overlay).withDriver("overlay").withAttachable(true).withLabels(cluster.labels()).exec();
        try {
            // Swarm's allocator gives the overlay its subnet a moment after the create answers; the picker
            // counts allocated subnets (a create that races an allocation is retried on "overlaps").
            awaitSubnet(manager, overlay, Duration.ofSeconds(10));
            List<String> taken = SubnetsInUse.on(manager);
            for (String network : List.of("docker_gwbridge", "ingress", overlay)) {
                String subnet = manager.inspectNetworkCmd().withNetworkId(network).exec().getIpam().getConfig().getFirst().getSubnet();
                assertThat(taken).as("subnets the picker counts, with " + network + " on " + subnet).contains(subnet);
            }
        } finally {
            manager.removeNetworkCmd(overlay).exec();
        }
    }

    private static void awaitSubnet(DockerClient docker, String network, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            var ipam = docker.inspectNetworkCmd().withNetworkId(network).exec().getIpam();
            if (ipam != null && ipam.getConfig() != null && !ipam.getConfig().isEmpty()) return;
            Thread.sleep(100);
        }
        throw new AssertionError("swarm gave " + network + " no subnet within " + timeout.toSeconds() + " s");
    }

    private static void push(DockerClient docker, String repository, String tag) throws InterruptedException {
        AtomicReference<String> error = new AtomicReference<>();
        boolean done = docker.pushImageCmd(repository).withTag(tag).exec(new ResultCallback.Adapter<PushResponseItem>() {
            @Override
            public void onNext(PushResponseItem item) {
                if (item.isErrorIndicated()) error.set(item.getError());
            }
        }).awaitCompletion(60, TimeUnit.SECONDS);
        assertThat(done).as("push of " + repository + ":" + tag + " within 60 s").isTrue();
        assertThat(error.get()).as("push error").isNull();
    }

    private static List<Task> awaitRunning(DockerClient docker, String service, int replicas, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        List<Task> tasks = List.of();
        while (Instant.now().isBefore(deadline)) {
            tasks = docker.listTasksCmd().withServiceFilter(service).exec();
            List<Task> running = tasks.stream().filter(t -> t.getStatus().getState() == TaskState.RUNNING).toList();
            if (running.size() == replicas) return running;
            Thread.sleep(250);
        }
        throw new AssertionError("fewer than " + replicas + " tasks of " + service + " running after " + timeout.toSeconds() + " s: "
                + tasks.stream().map(t -> t.getNodeId() + " " + t.getStatus().getState() + " " + t.getStatus().getErr()).toList());
    }
}
