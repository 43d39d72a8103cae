package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.Http;
import dev.slipway.testing.RawHttp;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input to the API, one request each: never a 5xx, never a stack trace, a JSON error naming the
 * field where there is one, and the projects, environments and deployments exactly as before.
 */
class HostileInputTest {
    @TempDir static Path tmp;
    static TestServer server;
    static String repo;
    static final AtomicInteger NAMES = new AtomicInteger();

    /** {@code contentType} null: none sent; {@code field} null: the error need not name one. */
    record Case(String what, String method, String path, String contentType, String body, String field) {
        @Override
        public String toString() {
            return what;
        }
    }

    @BeforeAll
    static void start() {
        server = TestServer.start(tmp.resolve("data"));
        TestRepo r = TestRepo.create(tmp.resolve("repo"));
        r.commit("init", Map.of("Dockerfile", "FROM busybox:1.36\n"));
        repo = r.url();
        server.createProject("shop", repo);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Case> cases() {
        List<Case> all = new ArrayList<>();
        for (String name : new String[] {"", "Bad_Name", "-x", "x-", "a".repeat(41), "x\n", "../etc", "名前", "x y", "x;rm -rf /", "a".repeat(100_000)}) {
            all.add(project("name " + shown(name), name, repo, "name"));
        }
        String data = tmp.resolve("data").toAbsolutePath().toString();
        for (String url : new String[] {"", "   ", "/etc", "file:///etc", "~/", "/proc/self/root", data, "file://" + data + "/../data",
                data + "/db", "http://[::1", "\u0000", "x".repeat(10_000), "http://127.0.0.1:9/closed.git", "file:///dev/zero"}) {
            all.add(project("repo " + shown(url), "r" + NAMES.incrementAndGet(), url, "repo"));
        }
        for (String branch : new String[] {"main\nx", "main\r\nHost: evil", "-x", "--upload-pack=touch /tmp/x", "b".repeat(10_000), "a..b", "x.lock",
                "tip^", "a b", "bell\u0007", "x@{1}", "/main", "main/", ""}) {
            all.add(new Case("branch " + shown(branch), "POST", "/api/v1/projects/shop/environments", "application/json",
                    json(Map.of("name", "e" + NAMES.incrementAndGet(), "branch", branch)), "branch"));
        }
        for (String ref : new String[] {"-x", "--upload-pack=x", "a\nb", "b".repeat(300), "a..b", "x:y", "HEAD~1", "\u0000"}) {
            all.add(new Case("ref " + shown(ref), "POST", "/api/v1/projects/shop/environments/test/deployments", "application/json",
                    json(Map.of("ref", ref)), "ref"));
        }
        String projects = "/api/v1/projects";
        all.addAll(List.of(
                new Case("truncated JSON", "POST", projects, "application/json", "{\"name\": ", "body"),
                new Case("a JSON array", "POST", projects, "application/json", "[]", "body"),
                new Case("JSON null", "POST", projects, "application/json", "null", "body"),
                new Case("a JSON string", "POST", projects, "application/json", "\"shop\"", "body"),
                new Case("a number for the name", "POST", projects, "application/json", "{\"name\": 1, \"repo\": \"" + repo + "\"}", null),
                new Case("an object for the repo", "POST", projects, "application/json", "{\"name\": \"obj\", \"repo\": {}}", "body"),
                new Case("an unknown key", "POST", projects, "application/json", "{\"name\": \"k\", \"repo\": \"" + repo + "\", \"admin\": true}", "body"),
                new Case("deeply nested JSON", "POST", projects, "application/json", "[".repeat(5_000) + "]".repeat(5_000), "body"),
                new Case("a 3 MB body", "POST", projects, "application/json", "{\"name\": \"" + "h".repeat(3_000_000) + "\"}", null),
                new Case("a form instead of JSON", "POST", projects, "application/x-www-form-urlencoded", "name=form&repo=" + repo, "body"),
                new Case("XML instead of JSON", "POST", projects, "text/xml", "<project><name>xml</name></project>", "body"),
                new Case("no content type and no body", "POST", projects, null, "", "body"),
                new Case("a deploy body that is not an object", "POST", "/api/v1/projects/shop/environments/test/deployments", "application/json", "[1]", "body"),
                new Case("a rebuild flag that is a string", "POST", "/api/v1/projects/shop/environments/test/deployments", "application/json", "{\"rebuild\": \"yes please\"}", "body"),
                new Case("a deployment id that is not a number", "GET", "/api/v1/deployments/1e3", null, null, "id"),
                new Case("a deployment id too big for a long", "GET", "/api/v1/deployments/99999999999999999999", null, null, "id"),
                new Case("events of a negative id", "GET", "/api/v1/deployments/-1/events", null, null, null),
                new Case("a limit that is not a number", "GET", "/api/v1/projects/shop/deployments?limit=all", null, null, "limit"),
                new Case("a limit of a million", "GET", "/api/v1/projects/shop/deployments?limit=1000000", null, null, "limit"),
                new Case("an encoded traversal as the project", "GET", "/api/v1/projects/..%2F..%2Fetc", null, null, null),
                new Case("a rollback to a release that is text", "POST", "/api/v1/projects/shop/environments/test/rollback", "application/json", "{\"release\": \"latest\"}", "body")));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostileInputIsA4xxNamingTheFieldAndChangesNothing(Case c) throws Exception {
        String before = state();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.apiPort() + c.path()))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + server.token());
        if (c.contentType() != null) b.header("Content-Type", c.contentType());
        b.method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(c.body()));
        HttpResponse<String> r = Http.client().send(b.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode json = Json.MAPPER.readTree(r.body());
        assertThat(json.get("error").asText()).isNotBlank().doesNotContain("\tat ").doesNotContain("Exception").hasSizeLessThan(2_000);
        if (c.field() != null) assertThat(json.get("detail").asText()).isEqualTo(c.field());
        assertThat(state()).as("projects, environments and deployments").isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFraming")
    void brokenFramingIsA4xxInJsonAndChangesNothing(String what, String request) throws Exception {
        String before = state();
        RawHttp.Answer a = RawHttp.send(server.apiPort(), request.replace("TOKEN", server.token()));
        assertThat(a.status()).as(a.text()).isBetween(400, 499);
        assertThat(a.header("Content-Type")).startsWith("application/json");
        assertThat(Json.MAPPER.readTree(a.body()).get("error").asText()).doesNotContain("\tat ");
        assertThat(state()).isEqualTo(before);
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> brokenFraming() {
        String head = "POST /api/v1/projects HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer TOKEN\r\nContent-Type: application/json\r\n";
        return Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("body shorter than Content-Length", head + "Content-Length: 1000\r\n\r\n{\"name\":\"t"),
                org.junit.jupiter.params.provider.Arguments.of("a Content-Length that is not a number", head + "Content-Length: ten\r\n\r\n{}"),
                org.junit.jupiter.params.provider.Arguments.of("two different Content-Lengths", head + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}x"),
                org.junit.jupiter.params.provider.Arguments.of("a bad chunk size", head + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of("a request line over 8 KB", "GET /api/v1/projects/" + "a".repeat(9_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of("headers over 8 KB", "GET /api/v1/projects HTTP/1.1\r\nHost: x\r\nX-A: " + "a".repeat(9_000) + "\r\n\r\n"));
    }

    private static String state() {
        StringBuilder s = new StringBuilder();
        for (JsonNode p : server.call("GET", "/api/v1/projects", null).json()) {
            String name = p.get("name").asText();
            s.append(name).append(' ').append(p.get("repo").asText()).append(' ')
                    .append(p.get("environments").findValuesAsText("name")).append(p.get("environments").findValuesAsText("branch"))
                    .append(server.call("GET", "/api/v1/projects/" + name + "/deployments", null).json().size()).append('\n');
        }
        return s.toString();
    }

    private static Case project(String what, String name, String url, String field) {
        return new Case(what, "POST", "/api/v1/projects", "application/json", json(Map.of("name", name, "repo", url)), field);
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String shown(String value) {
        String escaped = value.replace("\n", "\\n").replace("\r", "\\r").replace("\u0000", "\\0").replace("\u0007", "\\a");
        return "'" + (escaped.length() > 40 ? escaped.substring(0, 40) + "… (" + value.length() + " chars)" : escaped) + "'";
    }
}
