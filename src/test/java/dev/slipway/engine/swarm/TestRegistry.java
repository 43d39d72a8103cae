package dev.slipway.engine.swarm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.slipway.engine.swarm.ClusterStartException.step;

/**
 * Debian's registry ({@code docker-registry}, the distribution project's v2 registry) as a child
 * process, with its own config and storage under {@code dir}, on 127.0.0.1 only. The nodes reach it
 * through {@link #relayOn}: a socat on the nodes' bridge gateway that forwards to the loopback port,
 * so the registry itself never listens on a wider address.
 */
final class TestRegistry implements AutoCloseable {
    static final String BINARY = "/usr/bin/docker-registry";
    private static final String SOCAT = "/usr/bin/socat";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

    private final Path dir;
    private final int port;
    private final Process registry;
    private final List<Process> relays = new ArrayList<>();

    private TestRegistry(Path dir, int port, Process registry) {
        this.dir = dir;
        this.port = port;
        this.registry = registry;
    }

    static TestRegistry start(Path dir) {
        requireExecutable(BINARY, "docker-registry");
        int port = step("finding a free port for the registry", TestRegistry::freePort);
        Path config = dir.resolve("registry.yml");
        step("writing the registry's config " + config, () -> {
            Files.createDirectories(dir.resolve("storage"));
            Files.writeString(config, """
                    version: 0.1
                    log:
                      level: warn
                      accesslog:
                        disabled: true
                    storage:
                      filesystem:
                        rootdirectory: %s
                      delete:
                        enabled: true
                    http:
                      addr: 127.0.0.1:%d
                    """.formatted(dir.resolve("storage"), port));
        });
        Process process = step("starting " + BINARY, () -> new ProcessBuilder(BINARY, "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start());
        TestRegistry started = new TestRegistry(dir, port, process);
        try {
            started.awaitAnswer("127.0.0.1", process, "registry.log");
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    /** The address every node of the cluster uses for this registry, the manager included. */
    String address() {
        return "127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** Makes the registry answer on {@code gateway}:port too, for the nodes behind that gateway. */
    void relayOn(String gateway) {
        requireExecutable(SOCAT, "socat");
        String log = "relay-" + gateway + ".log";
        Process relay = step("starting the registry's relay on " + gateway, () -> new ProcessBuilder(SOCAT,
                "TCP-LISTEN:" + port + ",bind=" + gateway + ",fork,reuseaddr", "TCP:127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile()).start());
        relays.add(relay);
        awaitAnswer(gateway, relay, log);
    }

    /** The digest the registry holds for {@code repository:tag}, from its own manifest endpoint. */
    String manifestDigest(String repository, String tag) {
        return step("asking the registry for " + repository + ":" + tag, () -> {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address() + "/v2/" + repository + "/manifests/" + tag))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                    .timeout(Duration.ofSeconds(5)).build();
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() != 200) throw new IllegalStateException("HTTP " + response.statusCode());
                return response.headers().firstValue("Docker-Content-Digest").orElseThrow(
                        () -> new IllegalStateException("no Docker-Content-Digest header"));
            }
        });
    }

    private void awaitAnswer(String host, Process process, String log) {
        URI uri = URI.create("http://" + host + ":" + port + "/v2/");
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        String last = "no answer";
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new ClusterStartException("waiting for GET " + uri, "the process exited with code "
                            + process.exitValue() + "; its output: " + tail(log));
                }
                try {
                    int status = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 200) return;
                    last = "HTTP " + status;
                } catch (IOException e) {
                    last = e.toString();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ClusterStartException("waiting for GET " + uri, e);
                }
                Pause.millis(100);
            }
        }
        throw new ClusterStartException("waiting for GET " + uri, "no 200 within " + READY_TIMEOUT.toSeconds()
                + " s (last: " + last + "); output: " + tail(log));
    }

    private String tail(String log) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve(log));
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void requireExecutable(String path, String debianPackage) {
        if (!Files.isExecutable(Path.of(path))) {
            throw new ClusterStartException("looking for " + path, "it is missing: apt-get install -y " + debianPackage
                    + " (scripts/test and .ci/run install it)");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Stops the relays and the registry, by their own process handles (socat's forked children first). */
    @Override
    public void close() {
        for (Process relay : relays) stop(relay);
        stop(registry);
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
