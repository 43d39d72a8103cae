package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.server.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code slipway server} in a JVM of its own, so that a test can kill it with -9 and start it again on
 * the same data folder and ports; its API as the test sees it. The admin token is read from the first
 * start's output, the only place it is shown.
 */
public final class ServerProcess implements AutoCloseable {
    private final Path tmp;
    private final Path data;
    private final List<String> extraArgs;
    private final int apiPort;
    private final int routerPort;
    private Process process;
    private String token;

    private ServerProcess(Path tmp, Path data, List<String> extraArgs) throws IOException {
        this.tmp = tmp;
        this.data = data;
        this.extraArgs = List.copyOf(extraArgs);
        this.apiPort = freePort();
        this.routerPort = freePort();
    }

    /** Starts a server on {@code data} (repositories allowed under {@code tmp}) with {@code extraArgs}, and waits until it answers. */
    public static ServerProcess start(Path tmp, Path data, List<String> extraArgs) throws Exception {
        ServerProcess server = new ServerProcess(tmp, data, extraArgs);
        server.startAgain();
        return server;
    }

    /** Starts it again on the same data folder and ports, after {@link #kill}. */
    public void startAgain() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "dev.slipway.cli.Main", "server",
                "--data", data.toString(), "--port", Integer.toString(apiPort), "--router-port", Integer.toString(routerPort),
                "--repo-root", tmp.toString()));
        command.addAll(extraArgs);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        builder.environment().put("XDG_CONFIG_HOME", tmp.resolve("config").toString());
        process = builder.start();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Http.get(apiPort, null, "/healthz").status() != 200) {
            assertThat(process.isAlive()).as("server exited: " + Files.readString(log())).isTrue();
            assertThat(Instant.now()).as("server did not answer /healthz within 60 s").isBefore(deadline);
            Thread.sleep(200);
        }
        while (token == null) {
            Matcher shown = Pattern.compile("admin token: (slw_[0-9a-f]+)").matcher(Files.readString(log()));
            if (shown.find()) {
                token = shown.group(1);
            } else {
                assertThat(Instant.now()).as("server did not show its admin token within 60 s").isBefore(deadline);
                Thread.sleep(100);
            }
        }
    }

    /** kill -9, and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public int routerPort() {
        return routerPort;
    }

    public Path data() {
        return data;
    }

    public String instanceId() throws IOException {
        return Files.readString(data.resolve("instance-id")).trim();
    }

    public Path log() {
        return tmp.resolve("server-" + data.getFileName() + ".log");
    }

    public long deploy(String project, String environment) throws Exception {
        return call("POST", "/api/v1/projects/" + project + "/environments/" + environment + "/deployments", Map.of()).get("id").asLong();
    }

    public String status(long id) throws Exception {
        return call("GET", "/api/v1/deployments/" + id, null).get("deployment").get("status").asText();
    }

    public String awaitStatus(long id) throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            String s = status(id);
            if (!s.equals("QUEUED") && !s.equals("RUNNING")) return s;
            Thread.sleep(200);
        }
        throw new AssertionError("deployment " + id + " did not finish");
    }

    /** Waits until the deployment's log, as "[step] text" lines, contains {@code text}. */
    public void awaitLog(long id, String text) throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            StringBuilder log = new StringBuilder();
            call("GET", "/api/v1/deployments/" + id + "/log", null).get("lines")
                    .forEach(l -> log.append('[').append(l.get("step").asText()).append("] ").append(l.get("text").asText()).append('\n'));
            if (log.toString().contains(text)) return;
            Thread.sleep(100);
        }
        throw new AssertionError("deployment " + id + " never logged " + text);
    }

    /** An API call that must succeed (2xx); its answer. */
    public JsonNode call(String method, String path, Object body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)))
                .timeout(Duration.ofSeconds(30))
                .build();
        HttpResponse<String> response = Http.client().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
        return Json.MAPPER.readTree(response.body());
    }

    @Override
    public void close() {
        if (process != null) process.destroyForcibly();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
