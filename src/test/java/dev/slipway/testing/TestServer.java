package dev.slipway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.server.Json;
import dev.slipway.server.ServerOptions;
import dev.slipway.server.SlipwayServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** A real Slipway server in this JVM (random ports, its own data folder), and its API as a test sees it. */
public final class TestServer implements AutoCloseable {
    private final Path data;
    private final SlipwayServer server;
    private final String token;

    /** The admin token of each data folder this JVM started a server on: the folder keeps only its hash. */
    private static final Map<Path, String> TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

    private TestServer(Path data, SlipwayServer server) {
        this.data = data;
        this.server = server;
        Path key = data.toAbsolutePath().normalize();
        server.createdToken().ifPresent(made -> TOKENS.put(key, made));
        String known = TOKENS.get(key);
        if (known == null) {
            server.close();
            throw new IllegalStateException(data + " holds an admin token made outside this JVM; a test cannot know it");
        }
        this.token = known;
    }

    public static TestServer start(Path data) {
        return start(ServerOptions.defaults(data).withPorts(0, 0));
    }

    /** Repositories in the folder beside the data folder (where tests make them) are allowed unless other roots are given. */
    public static TestServer start(ServerOptions options) {
        return startAsGiven(options.repoRoots().isEmpty()
                ? options.withRepoRoots(java.util.List.of(options.dataDir().toAbsolutePath().getParent())) : options);
    }

    public static TestServer startAsGiven(ServerOptions options) {
        return new TestServer(options.dataDir(), SlipwayServer.start(options));
    }

    /** A server on a data folder the test prepared with this admin token (e.g. an older folder's plain file). */
    public static TestServer startKnowing(ServerOptions options, String token) {
        TOKENS.put(options.dataDir().toAbsolutePath().normalize(), token);
        return start(options);
    }

    public int apiPort() {
        return server.port();
    }

    public int routerPort() {
        return server.routerPort();
    }

    public String token() {
        return token;
    }

    public String instanceId() {
        try {
            return Files.readString(data.resolve("instance-id")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET through the router as {@code <env>.<project>.localhost}. */
    public Http.Answer request(String project, String env, String path) {
        return Http.get(routerPort(), env + "." + project + ".localhost", path);
    }

    public void createProject(String name, String repo) {
        Answer a = call("POST", "/api/v1/projects", Map.of("name", name, "repo", repo));
        if (a.status != 201) throw new AssertionError("create project: " + a);
    }

    /** Starts a deployment and returns its id. */
    public long deploy(String project, String env, String ref) {
        Answer a = call("POST", "/api/v1/projects/" + project + "/environments/" + env + "/deployments", ref == null ? Map.of() : Map.of("ref", ref));
        if (a.status != 202) throw new AssertionError("deploy: " + a);
        return a.json.get("id").asLong();
    }

    public long rollback(String project, String env, Long release) {
        Answer a = call("POST", "/api/v1/projects/" + project + "/environments/" + env + "/rollback", release == null ? Map.of() : Map.of("release", release));
        if (a.status != 202) throw new AssertionError("rollback: " + a);
        return a.json.get("id").asLong();
    }

    /** Waits for the deployment to finish and returns it (with "steps"). */
    public JsonNode await(long id, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            JsonNode view = call("GET", "/api/v1/deployments/" + id, null).json;
            String status = view.get("deployment").get("status").asText();
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) return view;
            sleep(200);
        }
        throw new AssertionError("deployment " + id + " did not finish within " + timeout + "; log:\n" + log(id));
    }

    public JsonNode deployAndAwait(String project, String env, String ref) {
        return await(deploy(project, env, ref), Duration.ofMinutes(2));
    }

    public String log(long id) {
        StringBuilder out = new StringBuilder();
        call("GET", "/api/v1/deployments/" + id + "/log", null).json.get("lines")
                .forEach(l -> out.append('[').append(l.get("step").asText()).append("] ").append(l.get("text").asText()).append('\n'));
        return out.toString();
    }

    public record Answer(int status, JsonNode json, String body) {}

    public Answer call(String method, String path, Object body) {
        return callWithToken(method, path, body, token);
    }

    public Answer callWithToken(String method, String path, Object body, String bearer) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort() + path)).timeout(Duration.ofSeconds(30));
            if (bearer != null) b.header("Authorization", "Bearer " + bearer);
            String json = body == null ? "" : body instanceof String s ? s : Json.MAPPER.writeValueAsString(body);
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            HttpResponse<String> r = Http.client().send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode node = null;
            try {
                node = r.body().isBlank() ? null : Json.MAPPER.readTree(r.body());
            } catch (IOException notJson) {
                // leave null: the test asserts on body
            }
            return new Answer(r.statusCode(), node, r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.close();
    }

    /** Stops the server and removes every container, network and image it ran (its instance's label). */
    public void closeAndRemoveWhatItRan() {
        String instance = instanceId();
        close();
        DockerTestSupport.removeEverythingOf(instance);
    }
}
