package dev.slipway.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.SaveImagesCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.slipway.engine.BuildFailedException;
import dev.slipway.engine.BuildRequest;
import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.ContainerSpec;
import dev.slipway.engine.ContainerState;
import dev.slipway.engine.EngineException;
import dev.slipway.engine.LogSink;
import dev.slipway.engine.NoSuchContainerException;
import dev.slipway.engine.NoSuchImageException;
import dev.slipway.engine.RunResult;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.slipway.engine.docker.DockerErrors.call;

/** {@link ContainerEngine} over the Docker Engine API with docker-java; never the docker CLI. */
public final class DockerContainerEngine implements ContainerEngine, AutoCloseable {
    static final int RUN_LAST_LINES = 20;
    // Bounds for waits the interface does not bound itself; generous, they only stop a hung daemon.
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(60);
    private static final Duration LOGS_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final DockerClient docker;
    private final String host;
    private final WebReach reach;
    private final DockerNetworks networks;

    private DockerContainerEngine(DockerClient docker, String host, WebReach reach) {
        this.docker = docker;
        this.host = host;
        this.reach = reach;
        this.networks = new DockerNetworks(docker);
    }

    /** The Engine API client this engine speaks through, for an engine built on the same daemon (the swarm's manager). */
    public DockerClient client() {
        return docker;
    }

    /**
     * Connects where DOCKER_HOST points (the local unix socket when unset) and pings the daemon; web
     * containers are reached as {@value WebReach#VARIABLE} says, or as suits the engine when it is unset.
     */
    public static DockerContainerEngine connect() {
        return connect(WebReach.fromEnvironment());
    }

    /** Connects to {@code dockerHost}, e.g. "unix:///var/run/docker.sock" or "tcp://127.0.0.1:2375". */
    public static DockerContainerEngine connect(String dockerHost) {
        return connect(DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build(), null);
    }

    /** As {@link #connect()}, reaching web containers as {@code reach} says. */
    public static DockerContainerEngine connect(WebReach reach) {
        return connect(DefaultDockerClientConfig.createDefaultConfigBuilder().build(), reach);
    }

    private static DockerContainerEngine connect(DockerClientConfig config, WebReach reachOverride) {
        String host = String.valueOf(config.getDockerHost());
        // No response timeout: log follows and waits are silent for as long as a container runs.
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(100)
                .connectionTimeout(CONNECT_TIMEOUT)
                .build();
        DockerClient docker = DockerClientImpl.getInstance(config, http);
        try {
            docker.pingCmd().exec();
        } catch (RuntimeException e) {
            closeQuietly(docker);
            throw new EngineException("Docker engine not reachable at " + host + ": " + DockerErrors.reason(e)
                    + "; start dockerd (scripts/start-docker.sh) or point DOCKER_HOST at a running engine", e);
        }
        WebReach reach;
        try {
            reach = WebReach.choose(reachOverride, host, () -> docker.infoCmd().exec());
        } catch (RuntimeException e) {
            closeQuietly(docker);
            throw new EngineException("reading the Docker engine's description at " + host + ": " + DockerErrors.reason(e), e);
        }
        return new DockerContainerEngine(docker, host, reach);
    }

    public String host() {
        return host;
    }

    /** How this engine's web containers are reached from this host. */
    public WebReach reach() {
        return reach;
    }

    @Override
    public String build(BuildRequest request, LogSink log) {
        Path context = request.context().toAbsolutePath().normalize();
        String dockerfileName = request.dockerfile() == null ? "Dockerfile" : request.dockerfile();
        Path dockerfile = context.resolve(dockerfileName).normalize();
        checkBuildInputs(context, dockerfileName, dockerfile);

        String doing = "building " + (request.tag() == null ? context.toString() : request.tag());
        BuildOutput output = new BuildOutput(log);
        // Our own archive, not withBaseDirectory: docker-java's follows links to directories out of the checkout.
        try (InputStream tar = ContextArchive.open(context, context.relativize(dockerfile).toString())) {
            BuildImageCmd cmd = docker.buildImageCmd()
                    .withTarInputStream(tar)
                    .withDockerfilePath(context.relativize(dockerfile).toString())
                    .withNoCache(request.noCache())
                    .withPull(request.pull())
                    .withRemove(true)
                    .withForcerm(true) // a failed RUN must not leave its container behind
                    .withLabels(request.labels());
            if (request.tag() != null) cmd.withTags(Set.of(request.tag()));
            if (request.network() != null) cmd.withNetworkMode(request.network());
            String id = awaitBuild(cmd, output, doing);
            return call(doing, () -> docker.inspectImageCmd(id).exec().getId());
        } catch (BuildFailedException e) {
            // Without the cache the step images belong to this build alone; nothing will reuse them.
            if (request.noCache()) removeUntagged(output.layers());
            throw e;
        } catch (IOException e) {
            throw new EngineException(doing + ": closing the build context: " + e.getMessage(), e);
        }
    }

    private static String awaitBuild(BuildImageCmd cmd, BuildOutput output, String doing) {
        try (BuildOutput running = cmd.exec(output)) {
            if (!running.awaitCompletion(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw output.failure("the build did not finish within " + BUILD_TIMEOUT.toMinutes() + " minutes");
            }
        } catch (InterruptedException e) {
            throw DockerErrors.interrupted(doing);
        } catch (EngineException e) {
            throw e;
        } catch (RuntimeException | IOException e) {
            // The daemon refused the build outright (HTTP error), e.g. a Dockerfile it cannot parse.
            throw output.failure(DockerErrors.reason(e));
        }
        return output.result();
    }

    private void removeUntagged(List<String> imageIds) {
        for (String id : imageIds) {
            try {
                List<String> tags = docker.inspectImageCmd(id).exec().getRepoTags();
                if (tags == null || tags.isEmpty()) removeImage(id);
            } catch (RuntimeException cleanupFailed) {
                // Best effort: the build error is what the user needs to see.
            }
        }
    }

    private static void checkBuildInputs(Path context, String dockerfileName, Path dockerfile) {
        if (!Files.isDirectory(context)) {
            throw new EngineException("build context " + context + " is not a directory");
        }
        if (!dockerfile.startsWith(context)) {
            throw new EngineException("Dockerfile " + dockerfileName + " lies outside the build context " + context
                    + "; name a file inside the repository");
        }
        if (!insideAfterLinks(context, dockerfile)) {
            throw new EngineException("Dockerfile " + dockerfileName + " is a link to outside the build context; name a file inside the repository");
        }
        if (!Files.isRegularFile(dockerfile)) {
            throw new EngineException("Dockerfile not found: " + dockerfileName + " (looked for " + dockerfile
                    + "); add it to the repository or set build.dockerfile in slipway.yaml");
        }
    }

    private static boolean insideAfterLinks(Path context, Path file) {
        try {
            return !Files.exists(file) || file.toRealPath().startsWith(context.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String create(ContainerSpec spec) {
        String doing = "creating container " + (spec.name() == null ? "" : spec.name() + " ") + "from image " + spec.image();
        return call(doing, () -> ContainerMapping.apply(spec, docker.createContainerCmd(spec.image())).exec().getId());
    }

    @Override
    public void start(String containerId) {
        try {
            DockerErrors.run("starting container " + containerId, () -> docker.startContainerCmd(containerId).exec());
        } catch (EngineException e) {
            if (e.getCause() instanceof NotModifiedException) return; // already running
            if (e.getCause() instanceof NotFoundException) throw new NoSuchContainerException(containerId);
            throw e;
        }
    }

    @Override
    public void stop(String containerId, Duration timeout) {
        int seconds = (int) Math.max(0, Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
        try {
            DockerErrors.run("stopping container " + containerId,
                    () -> docker.stopContainerCmd(containerId).withTimeout(seconds).exec());
        } catch (EngineException e) {
            if (e.getCause() instanceof NotModifiedException || e.getCause() instanceof NotFoundException) return;
            throw e;
        }
    }

    @Override
    public void remove(String containerId) {
        try {
            DockerErrors.run("removing container " + containerId,
                    () -> docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec());
        } catch (EngineException e) {
            if (e.getCause() instanceof NotFoundException) return;
            // Another caller is already removing it: the outcome is the one we want.
            if (e.getCause() instanceof ConflictException && e.getMessage().contains("already in progress")) return;
            throw e;
        }
    }

    @Override
    public ContainerState inspect(String containerId) {
        try {
            return call("inspecting container " + containerId,
                    () -> ContainerMapping.state(docker.inspectContainerCmd(containerId).exec(), reach));
        } catch (EngineException e) {
            if (e.getCause() instanceof NotFoundException) throw new NoSuchContainerException(containerId);
            throw e;
        }
    }

    @Override
    public List<String> logs(String containerId, int tail) {
        String doing = "reading the logs of container " + containerId;
        LineSplitter lines = new LineSplitter(LogSink.NONE, Math.max(tail, 0));
        try (LineSplitter callback = docker.logContainerCmd(containerId)
                .withStdOut(true).withStdErr(true).withTail(Math.max(tail, 0))
                .exec(lines)) {
            if (!callback.awaitCompletion(LOGS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new EngineException(doing + ": no answer within " + LOGS_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            throw DockerErrors.interrupted(doing);
        } catch (NotFoundException e) {
            throw new NoSuchContainerException(containerId);
        } catch (RuntimeException | IOException e) {
            throw DockerErrors.wrap(doing, e);
        }
        lines.flush();
        return lines.lastLines();
    }

    @Override
    public RunResult run(ContainerSpec spec, Duration timeout, LogSink log) {
        String id = create(spec);
        try {
            return new OneOffRun(docker, id, timeout, log, this).call();
        } finally {
            remove(id);
        }
    }

    @Override
    public List<ContainerState> list(Map<String, String> labels) {
        List<Container> found = call("listing containers with labels " + labels,
                () -> docker.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec());
        // Inspect each: the list endpoint knows neither the exit code reliably nor OOM kills.
        List<ContainerState> states = new ArrayList<>();
        for (Container c : found) {
            try {
                states.add(inspect(c.getId()));
            } catch (NoSuchContainerException removedMeanwhile) {
                // gone between list and inspect: it is not there any more, so not listed
            }
        }
        return states;
    }

    @Override
    public java.util.Optional<dev.slipway.engine.ImageInfo> inspectImage(String imageRef) {
        try {
            var image = call("inspecting image " + imageRef, () -> docker.inspectImageCmd(imageRef).exec());
            return java.util.Optional.of(new dev.slipway.engine.ImageInfo(image.getId(), image.getSize() == null ? 0 : image.getSize()));
        } catch (EngineException e) {
            if (e.getCause() instanceof NotFoundException) return java.util.Optional.empty();
            throw e;
        }
    }

    /** Pulls {@code imageRef} from its registry; false when none answers with it within {@code timeout}. */
    public boolean pullImage(String imageRef, Duration timeout) {
        try (var pull = docker.pullImageCmd(imageRef).exec(new com.github.dockerjava.api.command.PullImageResultCallback())) {
            return pull.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS) && imageExists(imageRef);
        } catch (InterruptedException e) {
            throw DockerErrors.interrupted("pulling " + imageRef);
        } catch (RuntimeException | IOException e) {
            return false; // no registry, or it does not have the image
        }
    }

    @Override
    public InputStream saveImages(List<String> imageRefs) {
        SaveImagesCmd cmd = docker.saveImagesCmd();
        // By id: a tag may move to another image between this look-up and the save.
        for (String id : new LinkedHashSet<>(imageRefs.stream().map(this::imageId).toList())) {
            cmd.withImage("sha256", id.substring(id.indexOf(':') + 1));
        }
        return call("saving images " + imageRefs, cmd::exec);
    }

    @Override
    public boolean removeImage(String imageRef) {
        try {
            DockerErrors.run("removing image " + imageRef, () -> docker.removeImageCmd(imageRef).exec());
            return true;
        } catch (EngineException e) {
            // Missing, or used by a container (409): leave it alone, as the contract says.
            if (e.getCause() instanceof NotFoundException || e.getCause() instanceof ConflictException) return false;
            throw e;
        }
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

    void kill(String containerId) {
        try {
            DockerErrors.run("killing container " + containerId, () -> docker.killContainerCmd(containerId).exec());
        } catch (EngineException e) {
            // It stopped on its own between the timeout and the kill.
            if (e.getCause() instanceof ConflictException || e.getCause() instanceof NotFoundException) return;
            throw e;
        }
    }

    static Duration drainTimeout() {
        return DRAIN_TIMEOUT;
    }

    @Override
    public void close() {
        closeQuietly(docker);
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
