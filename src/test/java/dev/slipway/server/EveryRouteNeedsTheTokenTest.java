package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.Http;
import dev.slipway.testing.RawHttp;
import dev.slipway.testing.TestRepo;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route the running server has, taken from Javalin's own registry so that a new route cannot escape,
 * refuses a request without a valid bearer token: 401, a JSON error, no stack trace, nothing changed.
 */
class EveryRouteNeedsTheTokenTest {
    /** Answered without a token, each for a reason; any other route that answers without one fails the test. */
    static final Map<String, String> PUBLIC = publicRoutes();

    @TempDir Path tmp;

    private static Map<String, String> publicRoutes() {
        Map<String, String> routes = new LinkedHashMap<>();
        routes.put("GET /healthz", "liveness probes carry no token (DESIGN section 8)");
        routes.put("GET /metrics", "Prometheus scrapes without a token (DESIGN section 8)");
        routes.put("GET /", "the web UI's page holds no data; the user signs in on it");
        for (String file : WebUi.FILES) routes.put("GET /ui/" + file, "a static file of the web UI (script, style, icon), no data");
        routes.put("GET " + Api.PREFIX + "/openapi.json", "the API's description, the same for every server");
        return routes;
    }

    @Test
    void everyRouteAndMethodRefusesAMissingWrongOrMalformedToken() throws Exception {
        TestRepo repo = TestRepo.create(tmp.resolve("repo"));
        repo.commit("init", Map.of("Dockerfile", "FROM busybox:1.36\n"));
        ServerOptions options = ServerOptions.defaults(tmp.resolve("data")).withPorts(0, ServerOptions.NO_ROUTER)
                .withRepoRoots(List.of(tmp));
        try (SlipwayServer server = SlipwayServer.start(options)) {
            String token = server.createdToken().orElseThrow();
            int port = server.port();
            assertThat(send(port, "POST", Api.PREFIX + "/projects", "Bearer " + token,
                    Json.MAPPER.writeValueAsString(Map.of("name", "shop", "repo", repo.url()))).statusCode()).isEqualTo(201);
            assertThat(send(port, "PUT", Api.PREFIX + "/projects/shop/environments/test/variables/KEEP", "Bearer " + token,
                    "{\"value\":\"v\"}").statusCode()).isEqualTo(200);
            String before = state(port, token);

            List<String> endpoints = server.endpoints();
            assertThat(endpoints).as("the server's endpoints").contains("GET " + Api.PREFIX + "/projects", "DELETE " + Api.PREFIX + "/projects/{project}");
            assertThat(endpoints).as("every public route is one the server has").containsAll(PUBLIC.keySet());

            List<String> badHeaders = List.of(
                    "Bearer slw_" + "0".repeat(48),
                    "Bearer",
                    "Bearer ",
                    "Basic xyz",
                    "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + token).getBytes()),
                    "bearer" + token,
                    "Bearer " + token.substring(0, token.length() - 1),
                    "Bearer " + token + "x",
                    "Bearer " + token + "%0A",
                    "Bearer " + token + "\\n",
                    "Bearer " + token + "%00",
                    "Bearer " + token + "\\u0000",
                    "Bearer " + "a".repeat(7_000),
                    "Token " + token);
            List<String> failures = new ArrayList<>();
            int requests = 0;
            int checked = 0;
            for (String endpoint : endpoints) {
                String method = endpoint.substring(0, endpoint.indexOf(' '));
                String path = concrete(endpoint.substring(endpoint.indexOf(' ') + 1));
                if (PUBLIC.containsKey(endpoint)) {
                    HttpResponse<String> open = send(port, method, path, null, null);
                    requests++;
                    if (open.statusCode() != 200) failures.add(endpoint + " is listed public but answered " + open.statusCode() + " without a token");
                    continue;
                }
                checked++;
                List<String> headers = new ArrayList<>();
                headers.add(null);
                headers.addAll(badHeaders);
                for (String header : headers) {
                    HttpResponse<String> answer = send(port, method, path, header, "{}");
                    requests++;
                    String problem = refusal(answer.statusCode(), 401, answer.body());
                    if (problem != null) failures.add(endpoint + " with Authorization " + shown(header) + ": " + problem);
                }
                // Over Jetty's head limit (10,000 characters) and raw control bytes never reach a route: refused before it.
                for (String raw : List.of("Bearer " + "a".repeat(10_000), "Bearer " + token + "\u0000", "Bearer " + token.substring(0, 8) + "\u0000" + token.substring(8))) {
                    RawHttp.Answer answer = RawHttp.send(port, method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + raw
                            + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
                    requests++;
                    int status = answer.status();
                    String problem = status == 401 || status == 400 || status == 431 ? refusal(status, status, answer.body()) : "answered " + status;
                    if (problem != null) failures.add(endpoint + " with raw Authorization " + shown(raw) + ": " + problem);
                }
            }
            assertThat(failures).as("routes that did not refuse a request without a valid token").isEmpty();
            assertThat(state(port, token)).as("projects, environments and variables after " + requests + " refused requests").isEqualTo(before);
            System.out.printf("%d endpoints: %d need the token, %d public; %d requests%n", endpoints.size(), checked, PUBLIC.size(), requests);
            assertThat(checked).as("API routes found in the registry").isGreaterThanOrEqualTo(30);
        }
    }

    /** Null when the answer is the refusal wanted: that status, a JSON error, no stack trace. */
    private static String refusal(int status, int wanted, String body) {
        if (status != wanted) return "answered " + status + " " + shown(body);
        if (body.contains("\tat ") || body.contains("Exception")) return "a stack trace or exception in " + shown(body);
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            if (json == null || !json.path("error").isTextual()) return "no JSON error in " + shown(body);
        } catch (Exception e) {
            return "not JSON: " + shown(body);
        }
        return null;
    }

    /** Path parameters filled with things that exist, so a route that skipped the check would act on them. */
    private static String concrete(String path) {
        Map<String, String> values = Map.of("project", "shop", "env", "test", "name", "KEEP", "id", "1", "host", "shop.example.com",
                "release", "1", "build", "1", "deployment", "1");
        Matcher m = Pattern.compile("\\{([^}]+)}").matcher(path);
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, values.getOrDefault(m.group(1), "x"));
        m.appendTail(out);
        return out.toString();
    }

    private static String state(int port, String token) throws Exception {
        StringBuilder out = new StringBuilder();
        for (String path : List.of("/projects", "/projects/shop", "/projects/shop/environments/test/variables", "/projects/shop/deployments")) {
            HttpResponse<String> r = send(port, "GET", Api.PREFIX + path, "Bearer " + token, null);
            out.append(path).append(' ').append(r.statusCode()).append(' ').append(r.body()).append('\n');
        }
        return out.toString();
    }

    private static HttpResponse<String> send(int port, String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) b.header("Authorization", authorization);
        if (body != null) b.header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return Http.client().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String shown(String s) {
        if (s == null) return "(none)";
        String escaped = s.replace("\n", "\\n").replace("\u0000", "\\0");
        return escaped.length() > 60 ? escaped.substring(0, 60) + "… (" + s.length() + " chars)" : escaped;
    }
}
