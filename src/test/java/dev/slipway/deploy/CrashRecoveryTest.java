package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.server.Json;
import dev.slipway.testing.Apps;
import dev.slipway.testing.Http;
import dev.slipway.testing.TestRepo;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server killed with -9 in the middle of a step comes back with the deployment interrupted, what it
 * had added removed, the current release routed again, and the next deployment accepted.
 */
class CrashRecoveryTest {
    @TempDir Path tmp;
    Process server;
    int apiPort;
    int routerPort;
    Path data;
    String token;

    @AfterEach
    void stop() {
        if (server != null) server.destroyForcibly();
        ContainerEngine engine = DockerTestSupport.engine();
        try {
            String instance = Files.readString(data.resolve("instance-id")).trim();
            DockerTestSupport.removeEverythingOf(instance);
        } catch (IOException e) {
            // the server never started: nothing to clean
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"build", "migrate", "processes"})
    void killedServerComesBackWithTheDeploymentInterruptedAndTheOldReleaseServing(String step) throws Exception {
        data = tmp.resolve("data");
        apiPort = freePort();
        routerPort = freePort();
        TestRepo repo = TestRepo.create(tmp.resolve("repo"));
        String v1 = repo.commit("v1", Apps.webOnly("1")); // web only: the crash is in v2, which has the migration and worker
        startServer();
        call("POST", "/api/v1/projects", Map.of("name", "crash", "repo", repo.url()));
        long first = deploy();
        assertThat(awaitStatus(first)).isEqualTo("SUCCEEDED");

        Function<Map<String, String>, Map<String, String>> slowStep = switch (step) {
            case "build" -> files -> Apps.with(files, "Dockerfile", Apps.DOCKERFILE + "RUN echo slow build && sleep 60\n");
            case "migrate" -> files -> Apps.with(files, "slipway.yaml", Apps.CONFIG.replace("echo \"migration ran for $SLIPWAY_ENVIRONMENT\"", "echo slow migration; sleep 60"));
            default -> files -> files;
        };
        repo.commit("v2", slowStep.apply(Apps.version("2")));
        long second = deploy();
        awaitLog(second, "[" + step + "] ==> " + step);
        if (!step.equals("processes")) awaitLog(second, "slow");
        server.destroyForcibly().waitFor();

        startServer();
        assertThat(status(second)).isEqualTo("INTERRUPTED");
        assertThat(call("GET", "/api/v1/deployments/" + second, null).get("deployment").get("failed_step").asText()).isEqualTo(step);
        String serving = "release " + first + " (commit " + v1.substring(0, 12) + ") is still serving";
        assertThat(call("GET", "/api/v1/deployments/" + second, null).get("still_serving").asText()).isEqualTo(serving);
        JsonNode lines = call("GET", "/api/v1/deployments/" + second + "/log", null).get("lines");
        assertThat(lines.get(lines.size() - 1).get("text").asText()).isEqualTo(serving);
        ContainerEngine engine = DockerTestSupport.engine();
        String instance = Files.readString(data.resolve("instance-id")).trim();
        assertThat(engine.list(Map.of(Labels.INSTANCE, instance, Labels.DEPLOYMENT, Long.toString(second)))).isEmpty();
        assertThat(Http.get(routerPort, "test.crash.localhost", "/").body()).isEqualTo("version 1\n");

        repo.commit("v3", Apps.webOnly("3"));
        long third = deploy();
        assertThat(awaitStatus(third)).isEqualTo("SUCCEEDED");
        assertThat(Http.get(routerPort, "test.crash.localhost", "/").body()).isEqualTo("version 3\n");
    }

    private void startServer() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), "dev.slipway.cli.Main", "server",
                "--data", data.toString(), "--port", Integer.toString(apiPort), "--router-port", Integer.toString(routerPort),
                "--repo-root", tmp.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(tmp.resolve("server.log").toFile()));
        builder.environment().put("XDG_CONFIG_HOME", tmp.resolve("config").toString());
        server = builder.start();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Http.get(apiPort, null, "/healthz").status() != 200) {
            assertThat(server.isAlive()).as("server exited: " + Files.readString(tmp.resolve("server.log"))).isTrue();
            assertThat(Instant.now()).as("server did not answer /healthz within 60 s").isBefore(deadline);
            Thread.sleep(200);
        }
        // The first start shows the admin token once, on stdout; the data folder keeps only its hash.
        while (token == null) {
            Matcher shown = Pattern.compile("admin token: (slw_[0-9a-f]+)").matcher(Files.readString(tmp.resolve("server.log")));
            if (shown.find()) token = shown.group(1);
            else {
                assertThat(Instant.now()).as("server did not show its admin token within 60 s").isBefore(deadline);
                Thread.sleep(100);
            }
        }
    }

    private long deploy() throws Exception {
        return call("POST", "/api/v1/projects/crash/environments/test/deployments", Map.of()).get("id").asLong();
    }

    private String status(long id) throws Exception {
        return call("GET", "/api/v1/deployments/" + id, null).get("deployment").get("status").asText();
    }

    private String awaitStatus(long id) throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            String s = status(id);
            if (!s.equals("QUEUED") && !s.equals("RUNNING")) return s;
            Thread.sleep(200);
        }
        throw new AssertionError("deployment " + id + " did not finish");
    }

    private void awaitLog(long id, String text) throws Exception {
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

    private JsonNode call(String method, String path, Object body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)))
                .timeout(Duration.ofSeconds(30))
                .build();
        HttpResponse<String> response = Http.client().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
        return Json.MAPPER.readTree(response.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
