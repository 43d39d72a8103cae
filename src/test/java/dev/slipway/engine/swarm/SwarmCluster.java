package dev.slipway.engine.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeState;
import com.github.dockerjava.api.model.SwarmSpec;
import dev.slipway.engine.DockerTestSupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.slipway.engine.swarm.ClusterStartException.step;

/**
 * A real three-node Docker Swarm for tests: the host's engine as manager, two Docker-in-Docker
 * workers on a bridge of their own, and Debian's registry that every node reaches at the same
 * 127.0.0.1:PORT. Use from {@code @BeforeAll}/{@code @AfterAll}; {@link #close} leaves the host's
 * engine as it found it (no swarm, no networks of its own), since the rest of the suite runs there.
 * When any part cannot start it fails with the step and the cause; it never skips.
 */
public final class SwarmCluster implements AutoCloseable {
    public static final String LABEL = "slipway.swarm-cluster";
    private static final String GWBRIDGE = "docker_gwbridge";
    private static final Duration NODES_READY_TIMEOUT = Duration.ofSeconds(60);

    private final DockerClient host = DockerTestSupport.client();
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, String> labels = Map.of("slipway.test", "swarm-cluster", LABEL, id);
    private final String network = "slipway-swarm-" + id;
    private final Set<String> networksBefore;
    private final Path dir;
    private final Map<String, DockerClient> engines = new LinkedHashMap<>();
    private final List<DindNode> workers = new ArrayList<>();
    private final Map<String, DindNode> workersByNode = new LinkedHashMap<>();
    private final List<String> poweredOff = new ArrayList<>();
    private TestRegistry registry;
    private boolean networkCreated;
    private boolean swarmInitialised;
    private String gateway;
    private String managerNodeId;
    private Duration nodeImageBuild;
    private Duration startTime;
    private final Thread shutdownHook = new Thread(this::closeQuietly, "swarm-cluster-close");

    private SwarmCluster() {
        LocalNodeState state = step("reading the host engine's swarm state", () -> host.infoCmd().exec().getSwarm().getLocalNodeState());
        if (state != LocalNodeState.INACTIVE) {
            throw new ClusterStartException("checking the host engine", "it is already in a swarm (state " + state
                    + "); this fixture will not touch a swarm it did not make. If it is a leftover: docker swarm leave --force");
        }
        networksBefore = networkNames();
        dir = step("making a temporary folder", () -> Files.createTempDirectory("slipway-swarm-cluster"));
    }

    public static SwarmCluster start() {
        SwarmCluster cluster = new SwarmCluster();
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        long started = System.nanoTime();
        try {
            cluster.startAll();
        } catch (RuntimeException e) {
            try {
                cluster.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        cluster.startTime = Duration.ofNanos(System.nanoTime() - started);
        return cluster;
    }

    private void startAll() {
        registry = TestRegistry.start(dir);
        nodeImageBuild = NodeImage.ensure(host);
        // The product's own picker gives the bridge a /24 no other network overlaps.
        step("creating the nodes' network " + network, () -> DockerTestSupport.engine().ensureNetwork(network, labels));
        networkCreated = true;
        Network.Ipam.Config ipam = step("reading the subnet of " + network,
                () -> host.inspectNetworkCmd().withNetworkId(network).exec().getIpam().getConfig().getFirst());
        // Docker gives a /24's first address to the bridge when no gateway is named.
        String subnet = ipam.getSubnet();
        String prefix = subnet.substring(0, subnet.lastIndexOf('.') + 1);
        gateway = ipam.getGateway() != null ? ipam.getGateway() : prefix + "1";
        registry.relayOn(gateway);

        // The manager listens and advertises on the bridge's gateway: the workers reach it there, and
        // nothing outside the host's bridges does.
        step("initialising a swarm on the host's engine at " + gateway + ":2377", () -> host.initializeSwarmCmd(new SwarmSpec())
                .withListenAddr(gateway + ":2377").withAdvertiseAddr(gateway).exec());
        swarmInitialised = true;
        managerNodeId = step("reading the manager's node id", () -> host.infoCmd().exec().getSwarm().getNodeID());
        engines.put(managerNodeId, host);
        String token = step("reading the worker join token", () -> host.inspectSwarmCmd().exec().getJoinTokens().getWorker());

        for (int n = 1; n <= 2; n++) {
            workers.add(DindNode.start(host, network + "-node-" + n, network, prefix + (10 + n), gateway, registry.port(), labels));
        }
        for (DindNode worker : workers) {
            worker.awaitEngine();
            worker.checkRegistry(registry.address());
            String nodeId = worker.join(gateway + ":2377", token);
            engines.put(nodeId, worker.engine());
            workersByNode.put(nodeId, worker);
        }
        awaitNodesReady();
    }

    private void awaitNodesReady() {
        Instant deadline = Instant.now().plus(NODES_READY_TIMEOUT);
        String seen = "";
        while (Instant.now().isBefore(deadline)) {
            List<SwarmNode> nodes = host.listSwarmNodesCmd().exec();
            seen = nodes.stream().map(n -> n.getDescription().getHostname() + "=" + n.getStatus().getState()).collect(Collectors.joining(", "));
            if (nodes.size() == 3 && nodes.stream().allMatch(n -> n.getStatus().getState() == SwarmNodeState.READY)) return;
            Pause.millis(250);
        }
        throw new ClusterStartException("waiting for three ready nodes", "after " + NODES_READY_TIMEOUT.toSeconds() + " s: " + seen);
    }

    /** The manager's engine: the host's. */
    public DockerClient manager() {
        return host;
    }

    /** The engine of a node, by its swarm node id. */
    public DockerClient engineOf(String nodeId) {
        DockerClient engine = engines.get(nodeId);
        if (engine == null) throw new IllegalArgumentException("no node " + nodeId + " in this cluster: " + engines.keySet());
        return engine;
    }

    /** Freezes a worker node (docker pause of its container): the manager marks it down after some seconds. */
    public void freeze(String nodeId) {
        worker(nodeId).freeze();
    }

    public void thaw(String nodeId) {
        worker(nodeId).thaw();
    }

    public Set<String> workerIds() {
        return Set.copyOf(workersByNode.keySet());
    }

    private DindNode worker(String nodeId) {
        DindNode worker = workersByNode.get(nodeId);
        if (worker == null) throw new IllegalArgumentException("no worker " + nodeId + " in this cluster: " + workersByNode.keySet());
        return worker;
    }

    public Set<String> nodeIds() {
        return Set.copyOf(engines.keySet());
    }

    /**
     * A worker machine that goes away at once, as when it loses power: its container is removed with
     * its engine and every task on it, without leaving the swarm. The manager sees the node down after
     * some seconds; {@link #close} removes it from the swarm.
     */
    public void powerOff(String nodeId) {
        DindNode node = worker(nodeId);
        workers.remove(node);
        workersByNode.remove(nodeId);
        engines.remove(nodeId);
        poweredOff.add(nodeId);
        node.close();
    }

    /** HOST:PORT of the registry, the same on every node. */
    public String registry() {
        return registry.address();
    }

    /** The digest the registry itself holds for {@code repository:tag}. */
    public String registryDigest(String repository, String tag) {
        return registry.manifestDigest(repository, tag);
    }

    /** Labels for what a test creates in the swarm (services, overlay networks); close() removes those. */
    public Map<String, String> labels() {
        return labels;
    }

    public String managerAddress() {
        return gateway;
    }

    public Duration startTime() {
        return startTime;
    }

    /** How long the node image took to build, or null when it was already there. */
    public Duration nodeImageBuildTime() {
        return nodeImageBuild;
    }

    /**
     * Removes services and swarm networks, lets the workers leave, removes them and their bridge, leaves
     * the swarm on the host, removes what swarm left behind there, and stops the registry. Every part is
     * tried; what failed is thrown together at the end, along with any difference to the host's start.
     */
    @Override
    public void close() {
        List<String> failures = new ArrayList<>();
        if (swarmInitialised) {
            attempt(failures, "removing services", () -> {
                for (Service service : host.listServicesCmd().exec()) host.removeServiceCmd(service.getId()).exec();
                awaitNoTaskContainers();
            });
            attempt(failures, "removing the tests' swarm networks", () -> {
                for (Network n : host.listNetworksCmd().withFilter("label", List.of(LABEL + "=" + id)).exec()) {
                    if ("swarm".equals(n.getScope())) host.removeNetworkCmd(n.getId()).exec();
                }
            });
        }
        for (DindNode worker : workers) {
            try {
                worker.thaw(); // a test that froze it may have failed before thawing
            } catch (RuntimeException notFrozen) {
                // the usual case
            }
        }
        for (String gone : poweredOff) attempt(failures, "removing the powered-off node " + gone, () -> host.removeSwarmNodeCmd(gone).withForce(true).exec());
        poweredOff.clear();
        for (DindNode worker : workers) attempt(failures, "leaving the swarm on " + worker.name(), worker::leave);
        for (DindNode worker : workers) attempt(failures, "removing node " + worker.name(), worker::close);
        workers.clear();
        workersByNode.clear();
        if (swarmInitialised) {
            attempt(failures, "leaving the swarm on the host", () -> host.leaveSwarmCmd().withForceEnabled(true).exec());
            swarmInitialised = false;
        }
        if (networkCreated) attempt(failures, "removing network " + network, () -> {
            if (!DockerTestSupport.engine().removeNetwork(network)) throw new IllegalStateException("still in use");
        });
        networkCreated = false;
        if (!networksBefore.contains(GWBRIDGE)) attempt(failures, "removing " + GWBRIDGE, this::removeGwBridge);
        if (registry != null) attempt(failures, "removing the host's tags for the registry", this::removeRegistryTags);
        if (registry != null) attempt(failures, "stopping the registry", registry::close);
        registry = null;
        if (dir != null && Files.exists(dir)) attempt(failures, "deleting " + dir, () -> DockerTestSupport.deleteRecursively(dir));
        attempt(failures, "comparing the host's engine with how it began", () -> {
            LocalNodeState state = host.infoCmd().exec().getSwarm().getLocalNodeState();
            if (state != LocalNodeState.INACTIVE) throw new IllegalStateException("swarm state is " + state);
            // Only what this fixture and swarm make: other tests on the engine make networks meanwhile.
            Set<String> added = new TreeSet<>(networkNames());
            added.removeAll(networksBefore);
            added.removeIf(name -> !name.equals(GWBRIDGE) && !name.equals("ingress") && !name.startsWith("slipway-swarm-"));
            if (!added.isEmpty()) throw new IllegalStateException("networks left behind: " + added);
        });
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // close() is the hook itself
        }
        if (!failures.isEmpty()) throw new IllegalStateException("swarm test cluster, closing: " + String.join("; ", failures));
    }

    private void awaitNoTaskContainers() {
        Instant deadline = Instant.now().plusSeconds(30);
        List<String> left;
        do {
            left = new ArrayList<>();
            for (Map.Entry<String, DockerClient> node : engines.entrySet()) {
                node.getValue().listContainersCmd().withShowAll(true).withLabelFilter(List.of("com.docker.swarm.service.id")).exec()
                        .forEach(c -> {
                            try {
                                node.getValue().removeContainerCmd(c.getId()).withForce(true).exec();
                            } catch (com.github.dockerjava.api.exception.NotFoundException removedBySwarm) {
                                // Swarm removed it between the list and the remove
                            }
                        });
                left.addAll(node.getValue().listContainersCmd().withShowAll(true)
                        .withLabelFilter(List.of("com.docker.swarm.service.id")).exec().stream().map(c -> c.getId()).toList());
            }
            if (left.isEmpty()) return;
            Pause.millis(250);
        } while (Instant.now().isBefore(deadline));
        throw new IllegalStateException("task containers still there after 30 s: " + left);
    }

    // The registry and its port go with the cluster: tags naming it would only pile up on the host.
    private void removeRegistryTags() {
        for (var image : host.listImagesCmd().exec()) {
            if (image.getRepoTags() == null) continue;
            for (String tag : image.getRepoTags()) {
                if (tag.startsWith(registry.address() + "/")) host.removeImageCmd(tag).exec();
            }
        }
    }

    // Leaving a swarm keeps docker_gwbridge; its ingress endpoint lingers for a moment.
    private void removeGwBridge() {
        Instant deadline = Instant.now().plusSeconds(15);
        while (true) {
            try {
                if (!networkNames().contains(GWBRIDGE)) return;
                host.removeNetworkCmd(GWBRIDGE).exec();
                return;
            } catch (RuntimeException e) {
                if (Instant.now().isAfter(deadline)) throw e;
                try {
                    host.disconnectFromNetworkCmd().withNetworkId(GWBRIDGE).withContainerId("gateway_ingress-sbox").withForce(true).exec();
                } catch (RuntimeException notThere) {
                    // it goes on its own
                }
                Pause.millis(250);
            }
        }
    }

    private Set<String> networkNames() {
        return host.listNetworksCmd().exec().stream().map(Network::getName).collect(Collectors.toSet());
    }

    private static void attempt(List<String> failures, String what, ClusterStartException.CheckedRunnable work) {
        try {
            work.run();
        } catch (Exception e) {
            failures.add(what + ": " + e.getMessage());
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
        }
    }
}
