package dev.slipway.engine.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeState;
import com.github.dockerjava.core.DockerClientImpl;
import dev.slipway.engine.BuildRequest;
import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.ContainerSpec;
import dev.slipway.engine.ContainerState;
import dev.slipway.engine.EngineException;
import dev.slipway.engine.ImageInfo;
import dev.slipway.engine.LogSink;
import dev.slipway.engine.docker.LineSplitter;
import dev.slipway.engine.NoSuchContainerException;
import dev.slipway.engine.RunResult;
import dev.slipway.engine.WebAddress;
import dev.slipway.engine.docker.DockerContainerEngine;

import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@link ContainerEngine} over a Docker Swarm, through the manager's Engine API (docker-java, and raw
 * requests for what it lacks); never the docker CLI. One Slipway container is one service of at most one
 * replica ({@link ServiceMapping} says how a spec becomes a service); its id is the service id.
 * <p>
 * Images are built on the manager and pushed once to a registry every node reaches; services name them
 * by digest. Where a web task is reached: its node's address and the port the node published in host
 * mode. That was chosen over an overlay address (the control panel's process is on no overlay) and over
 * the routing mesh (it needs service VIPs, that is IPVS, which these kernels lack, and it would hide
 * which task answers, which health checks and draining need). The cost: a host-mode port listens on
 * every interface of its node, so the nodes' addresses must be private to the cluster.
 * <p>
 * No restart: a crashed task stays failed (inspect says "exited with code N"), the same as on the plain
 * Docker engine. Swarm then does not replace a task whose node went down either; inspect reads such a
 * task as stopped and {@link #start} runs it again on a node that is up (measurements in package-info).
 */
public final class SwarmContainerEngine implements ContainerEngine {
    static final int RUN_LAST_LINES = 20;
    // Covers a node's first pull of a large image from the registry; busybox tasks start in under a second here.
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_MARGIN = Duration.ofSeconds(30);
    private static final Duration LOGS_TIMEOUT = Duration.ofSeconds(30);

    private final DockerClient docker;
    private final DockerContainerEngine images;
    private final Services services;
    private final RegistryImages registry;
    private final SwarmNetworks networks;
    private final String managerAddress;
    private final Duration startTimeout;
    private final Map<String, String> nodeAddresses = new ConcurrentHashMap<>();

    private SwarmContainerEngine(DockerClient docker, DockerContainerEngine images, String registry, String managerAddress,
                                 Duration startTimeout) {
        this.docker = docker;
        this.images = images;
        this.services = new Services(new RawApi(((DockerClientImpl) docker).getHttpClient()));
        this.registry = new RegistryImages(docker, registry);
        this.networks = new SwarmNetworks(docker);
        this.managerAddress = managerAddress;
        this.startTimeout = startTimeout;
    }

    /**
     * An engine on the swarm whose manager {@code manager} is (a docker-java client made by
     * {@link DockerClientImpl}); {@code managerEngine} is the same daemon as a plain engine, for builds and
     * images; {@code registry} (HOST:PORT) is where images go so that every node can pull them.
     */
    public static SwarmContainerEngine connect(DockerClient manager, DockerContainerEngine managerEngine, String registry) {
        return connect(manager, managerEngine, registry, START_TIMEOUT);
    }

    /** As above; {@code start} fails when a task has not started within {@code startTimeout}. */
    public static SwarmContainerEngine connect(DockerClient manager, DockerContainerEngine managerEngine, String registry,
                                               Duration startTimeout) {
        if (!(manager instanceof DockerClientImpl)) {
            throw new IllegalArgumentException("manager must be a docker-java DockerClientImpl (its HTTP client sends what docker-java lacks)");
        }
        if (registry == null || !registry.matches("[A-Za-z0-9.\\-\\[\\]:]+:\\d+")) {
            throw new IllegalArgumentException("registry must be HOST:PORT, e.g. 127.0.0.1:5000; got '" + registry + "'");
        }
        Info info;
        try {
            info = manager.infoCmd().exec();
        } catch (RuntimeException e) {
            throw new EngineException("Swarm manager not reachable: " + e.getMessage(), e);
        }
        var swarm = info.getSwarm();
        if (swarm == null || !Boolean.TRUE.equals(swarm.getControlAvailable())) {
            throw new EngineException("the engine is not a Swarm manager (swarm state " + (swarm == null ? "unknown" : String.valueOf(swarm.getLocalNodeState()).toLowerCase(java.util.Locale.ROOT))
                    + "): run `docker swarm init` on it, or point DOCKER_HOST at a manager of the swarm (docs/several-machines.md)");
        }
        return new SwarmContainerEngine(manager, managerEngine, registry, swarm.getNodeAddr(), startTimeout);
    }

    @Override
    public String build(BuildRequest request, LogSink log) {
        return images.build(request, log);
    }

    @Override
    public String create(ContainerSpec spec) {
        String name = spec.name() != null ? spec.name() : "slipway-run-" + UUID.randomUUID().toString().substring(0, 12);
        String imageId = images.imageId(spec.image());
        String pullable = registry.pullableRef(imageId, spec.image());
        ServiceDefinition service = ServiceMapping.service(spec, name, pullable, imageId, managerAddress);
        return services.createService(service, name);
    }

    @Override
    public void start(String containerId) {
        JsonNode service = services.require(containerId);
        String id = service.path("ID").asText();
        String name = service.path("Spec").path("Name").asText();
        List<SwarmTask> tasks = services.tasks(id);
        Optional<SwarmTask> newest = SwarmTask.newest(tasks);
        boolean scaled = Services.replicas(service) > 0;
        if (scaled && newest.isPresent() && !newest.get().terminal() && !newest.get().givenUp()) {
            services.awaitStarted(id, name, Set.of(), startTimeout);
            return;
        }
        Set<String> before = tasks.stream().map(SwarmTask::id).collect(Collectors.toSet());
        // Already at one replica whose task has ended, or whose node went down: as on Docker, starting
        // runs it again (Swarm places the new task on a node that is up).
        services.scale(id, 1, null, scaled);
        services.awaitStarted(id, name, before, startTimeout);
    }

    @Override
    public void stop(String containerId, Duration timeout) {
        JsonNode service = services.find(containerId);
        if (service == null) return;
        String id = service.path("ID").asText();
        if (Services.replicas(service) > 0) services.scale(id, 0, timeout, false);
        // A task on a node that is down cannot report that it stopped; Swarm has given it up.
        services.awaitAll(id, service.path("Spec").path("Name").asText(), t -> t.terminal() || (t.givenUp() && !nodeReady(t.nodeId())),
                "stopped", timeout.plus(STOP_MARGIN));
    }

    @Override
    public void remove(String containerId) {
        try {
            docker.removeServiceCmd(containerId).exec();
        } catch (NotFoundException gone) {
            // missing is fine
        } catch (RuntimeException e) {
            throw new EngineException("removing service " + containerId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ContainerState inspect(String containerId) {
        JsonNode service = services.require(containerId);
        String id = service.path("ID").asText();
        JsonNode spec = service.path("Spec");
        Map<String, String> labels = new HashMap<>();
        spec.path("Labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        Optional<SwarmTask> task = SwarmTask.newest(services.tasks(id));
        boolean running = task.map(SwarmTask::running).orElse(false);
        Integer exitCode = running ? null : task.map(SwarmTask::exitCode).orElse(null);
        WebAddress web = running ? web(spec, task.get()) : null;
        return new ContainerState(id, spec.path("Name").asText(), labels.getOrDefault(ServiceMapping.IMAGE_LABEL, ""), running, exitCode,
                false, web, ServiceMapping.userLabels(labels));
    }

    /** The task's node address and the host-mode port it published for the service's one port. */
    private WebAddress web(JsonNode spec, SwarmTask task) {
        JsonNode ports = spec.path("EndpointSpec").path("Ports");
        if (!ports.isArray() || ports.isEmpty()) return null;
        Integer published = task.publishedPort(ports.get(0).path("TargetPort").asInt());
        if (published == null) return null;
        return new WebAddress(nodeAddress(task.nodeId()), published);
    }

    private boolean nodeReady(String nodeId) {
        if (nodeId.isEmpty()) return false;
        return docker.listSwarmNodesCmd().withIdFilter(List.of(nodeId)).exec().stream()
                .anyMatch(n -> n.getStatus() != null && n.getStatus().getState() == SwarmNodeState.READY);
    }

    private String nodeAddress(String nodeId) {
        return nodeAddresses.computeIfAbsent(nodeId, id -> {
            SwarmNode node = docker.listSwarmNodesCmd().withIdFilter(List.of(id)).exec().stream().findFirst()
                    .orElseThrow(() -> new EngineException("node " + id + " is not in the swarm"));
            String address = node.getStatus() == null ? null : node.getStatus().getAddress();
            // A manager listening on 0.0.0.0 reports that as its address; its manager address is the real one.
            if ((address == null || address.isBlank() || address.equals("0.0.0.0")) && node.getManagerStatus() != null) {
                String addr = node.getManagerStatus().getAddr();
                address = addr.substring(0, addr.lastIndexOf(':'));
            }
            return address;
        });
    }

    @Override
    public List<String> logs(String containerId, int tail) {
        String id = services.require(containerId).path("ID").asText();
        LineSplitter lines = new LineSplitter(LogSink.NONE, Math.max(tail, 0));
        String doing = "reading the logs of service " + containerId;
        try (LineSplitter reading = docker.logServiceCmd(id).withStdout(true).withStderr(true).withTail(Math.max(tail, 0)).exec(lines)) {
            if (!reading.awaitCompletion(LOGS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new EngineException(doing + ": no answer within " + LOGS_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(doing + ": interrupted");
        } catch (NotFoundException e) {
            throw new NoSuchContainerException(containerId);
        } catch (EngineException e) {
            throw e;
        } catch (Exception e) {
            throw new EngineException(doing + ": " + e.getMessage(), e);
        }
        lines.flush();
        return lines.lastLines();
    }

    @Override
    public RunResult run(ContainerSpec spec, Duration timeout, LogSink log) {
        String id = create(spec);
        try {
            return new SwarmOneOffRun(docker, services, id, timeout, startTimeout, log).call();
        } finally {
            remove(id);
        }
    }

    @Override
    public List<ContainerState> list(Map<String, String> labels) {
        List<Service> found;
        try {
            found = docker.listServicesCmd().withLabelFilter(labels).exec();
        } catch (RuntimeException e) {
            throw new EngineException("listing services with labels " + labels + ": " + e.getMessage(), e);
        }
        List<ContainerState> states = new ArrayList<>();
        for (Service service : found) {
            try {
                states.add(inspect(service.getId()));
            } catch (NoSuchContainerException removedMeanwhile) {
                // gone between list and inspect
            }
        }
        return states;
    }

    @Override
    public Optional<ImageInfo> inspectImage(String imageRef) {
        return images.inspectImage(imageRef);
    }

    @Override
    public InputStream saveImages(List<String> imageRefs) {
        return images.saveImages(imageRefs);
    }

    /**
     * Leaves an image that a service names alone, as Docker leaves one a container uses; once the last
     * tag of the user's is gone, the registry tag this engine added goes too, so the image is freed.
     */
    @Override
    public boolean removeImage(String imageRef) {
        Optional<ImageInfo> image = images.inspectImage(imageRef);
        if (image.isEmpty()) return false;
        String imageId = image.get().id();
        if (!list(Map.of(ServiceMapping.IMAGE_ID_LABEL, imageId)).isEmpty()) return false;
        boolean removed = images.removeImage(imageRef);
        if (removed) {
            try {
                List<String> left = docker.inspectImageCmd(imageId).exec().getRepoTags();
                if (left != null && !left.isEmpty() && left.stream().allMatch(registry::isOwnTag)) left.forEach(images::removeImage);
            } catch (NotFoundException gone) {
                // that was its only tag
            }
        }
        return removed;
    }

    @Override
    public void ensureNetwork(String name, Map<String, String> labels) {
        networks.ensure(name, labels);
    }

    @Override
    public boolean removeNetwork(String name) {
        return networks.remove(name);
    }

    @Override
    public List<String> networks(Map<String, String> labels) {
        return networks.list(labels);
    }

    /** How many images this engine has pushed, and how long the last push took (null before the first). */
    int pushes() {
        return registry.pushes();
    }

    Duration lastPush() {
        return registry.lastPush();
    }
}
