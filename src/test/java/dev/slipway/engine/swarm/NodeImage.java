package dev.slipway.engine.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import dev.slipway.engine.DockerTestSupport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.slipway.engine.swarm.ClusterStartException.step;

/**
 * The image of a Docker-in-Docker node: the local Debian image with Debian's own Docker engine
 * (the same 20.10 as the host's, so the nodes speak the manager's swarm protocol), socat for the
 * registry relay and curl for checks. Built once and kept: its tag carries a digest of the
 * Dockerfile, so a changed Dockerfile builds a new image instead of re-using a stale one.
 */
final class NodeImage {
    static final String DOCKERFILE = """
            FROM debian:bookworm-slim
            RUN apt-get update \\
             && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends docker.io iptables socat curl ca-certificates \\
             && rm -rf /var/lib/apt/lists/*
            """;
    static final String TAG = "slipway-test/dind-node:" + digest(DOCKERFILE);
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(6);

    private NodeImage() {}

    /** Builds the image unless it exists; returns how long the build took, or null when it was re-used. */
    static Duration ensure(DockerClient docker) {
        if (exists(docker)) return null;
        long started = System.nanoTime();
        Path context = step("writing the node image's Dockerfile", () -> {
            Path dir = Files.createTempDirectory("slipway-dind-node");
            Files.writeString(dir.resolve("Dockerfile"), DOCKERFILE);
            return dir;
        });
        Deque<String> lastLines = new ArrayDeque<>();
        try {
            step("building the node image " + TAG + " from debian:bookworm-slim", () -> {
                BuildImageResultCallback callback = docker.buildImageCmd()
                        .withBaseDirectory(context.toFile()).withDockerfile(context.resolve("Dockerfile").toFile())
                        .withTags(Set.of(TAG)).withLabels(Map.of("slipway.test", "swarm-node-image")).withPull(false)
                        .exec(new BuildImageResultCallback() {
                            @Override
                            public void onNext(BuildResponseItem item) {
                                if (item.getStream() != null) remember(lastLines, item.getStream());
                                if (item.getErrorDetail() != null) remember(lastLines, item.getErrorDetail().getMessage());
                                super.onNext(item);
                            }
                        });
                try {
                    return callback.awaitImageId(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                } catch (RuntimeException e) {
                    throw new IllegalStateException(e.getMessage() + "; last lines: " + String.join(" | ", lastLines), e);
                }
            });
        } finally {
            DockerTestSupport.deleteRecursively(context);
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static boolean exists(DockerClient docker) {
        try {
            docker.inspectImageCmd(TAG).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static void remember(Deque<String> lines, String text) {
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            synchronized (lines) {
                lines.addLast(line.strip());
                if (lines.size() > 12) lines.removeFirst();
            }
        }
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
