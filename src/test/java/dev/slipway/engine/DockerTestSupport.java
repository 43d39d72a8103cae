package dev.slipway.engine;

import dev.slipway.engine.docker.DockerContainerEngine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One Docker engine for every test in the JVM. Tests that need Docker fail (never skip) when it is
 * missing, so a green run always means the real engine was exercised.
 */
public final class DockerTestSupport {
    public static final String BUSYBOX = "busybox:1.36";
    public static final Map<String, String> TEST_LABELS = Map.of("slipway.test", "engine");

    private static DockerContainerEngine engine;
    private static com.github.dockerjava.api.DockerClient client;

    private DockerTestSupport() {}

    public static synchronized DockerContainerEngine engine() {
        if (engine == null) {
            DockerContainerEngine connected;
            try {
                connected = DockerContainerEngine.connect();
            } catch (EngineException e) {
                throw new AssertionError("This test needs a Docker engine: run scripts/start-docker.sh, then again. "
                        + e.getMessage(), e);
            }
            if (!connected.imageExists(BUSYBOX)) {
                connected.close();
                throw new AssertionError("The base image " + BUSYBOX + " is missing: run scripts/base-images.sh");
            }
            engine = connected;
        }
        return engine;
    }

    /**
     * A docker-java client of the tests' own, for what the product never asks the engine (how it
     * recorded a container, which images an instance left).
     */
    public static synchronized com.github.dockerjava.api.DockerClient client() {
        if (client == null) {
            var config = com.github.dockerjava.core.DefaultDockerClientConfig.createDefaultConfigBuilder().build();
            var http = new com.github.dockerjava.httpclient5.ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build();
            client = com.github.dockerjava.core.DockerClientImpl.getInstance(config, http);
        }
        return client;
    }

    public static com.github.dockerjava.api.command.InspectContainerResponse inspect(String containerId) {
        return client().inspectContainerCmd(containerId).exec();
    }

    /** Writes {@code files} (relative path → content) into a new temporary directory. */
    public static Path writeContext(Map<String, String> files) {
        try {
            Path dir = Files.createTempDirectory("slipway-engine-test");
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = dir.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Builds {@code files} (a "Dockerfile" among them) into {@code tag} with the layer cache, labelled
     * {@link #TEST_LABELS}; returns the image id. The caller removes the image.
     */
    public static String buildImage(String tag, Map<String, String> files) {
        Path context = writeContext(files);
        try {
            return engine().build(new BuildRequest(context, "Dockerfile", tag, false, false, TEST_LABELS), LogSink.NONE);
        } finally {
            deleteRecursively(context);
        }
    }

    public static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Removes every container, network and image a test server made (all carry its slipway.instance label).
     * Images are listed through docker-java directly: the product never needs to list images.
     */
    public static void removeEverythingOf(String instance) {
        DockerContainerEngine engine = engine();
        engine.list(Map.of("slipway.instance", instance)).forEach(c -> engine.remove(c.id()));
        // Docker gives out a few dozen bridge subnets in all: a network left behind takes one for good.
        engine.networks(Map.of("slipway.instance", instance)).forEach(engine::removeNetwork);
        var config = com.github.dockerjava.core.DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        var http = new com.github.dockerjava.httpclient5.ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build();
        try (var client = com.github.dockerjava.core.DockerClientImpl.getInstance(config, http)) {
            for (var image : client.listImagesCmd().withLabelFilter(Map.of("slipway.instance", instance)).exec()) {
                try {
                    client.removeImageCmd(image.getId()).withForce(true).exec();
                } catch (RuntimeException inUseOrGone) {
                    // another test's container may still use it; the next cleanup gets it
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
