package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.CapturedErr;
import dev.slipway.testing.RawHttp;
import dev.slipway.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests that break HTTP itself: every one is a 4xx with the API's JSON error, and nothing in the log but a line. */
class ApiBadRequestsTest {
    @TempDir static Path tmp;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(tmp.resolve("data"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void truncatedBodyIsA400AndLeavesNoStackTraceInTheLog() throws Exception {
        String head = "POST /api/v1/projects HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + server.token()
                + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n";
        RawHttp.Answer answer;
        String log;
        try (CapturedErr err = CapturedErr.start()) {
            answer = RawHttp.send(server.apiPort(), head + "{\"name\":\"x");
            Thread.sleep(300); // a stack trace is logged after the answer, if at all
            log = err.text();
        }
        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        JsonNode json = Json.MAPPER.readTree(answer.body());
        assertThat(json.get("detail").asText()).isEqualTo("body");
        assertThat(json.get("error").asText()).contains("incomplete");
        assertThat(log).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(server.call("GET", "/api/v1/projects/x", null).status()).isEqualTo(404);
    }

    @Test
    void eventsOfADeploymentIdThatIsNotANumberIs400() {
        TestServer.Answer a = server.call("GET", "/api/v1/deployments/abc/events", null);
        assertThat(a.status()).as(a.body()).isEqualTo(400);
        assertThat(a.json().get("detail").asText()).isEqualTo("id");
    }

    @Test
    void eventsOfAnUnknownDeploymentIs404() {
        TestServer.Answer a = server.call("GET", "/api/v1/deployments/987654/events", null);
        assertThat(a.status()).as(a.body()).isEqualTo(404);
        assertThat(a.json().get("error").asText()).contains("987654");
    }

    @Test
    void overLongUriUnderTheApiIsA414InJson() throws Exception {
        RawHttp.Answer a = RawHttp.send(server.apiPort(), "GET /api/v1/projects/" + "a".repeat(20_000)
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(a.status()).as(a.text()).isEqualTo(414);
        assertThat(a.header("Content-Type")).startsWith("application/json");
        JsonNode json = Json.MAPPER.readTree(a.body());
        assertThat(json.get("error").asText()).containsIgnoringCase("URI");
        assertThat(json.has("detail")).isTrue();
    }

    @Test
    void hugeHeadersUnderTheApiAreA431InJson() throws Exception {
        RawHttp.Answer a = RawHttp.send(server.apiPort(), "GET /api/v1/projects HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
                + "b".repeat(20_000) + "\r\nConnection: close\r\n\r\n");
        assertThat(a.status()).as(a.text()).isEqualTo(431);
        assertThat(a.header("Content-Type")).startsWith("application/json");
        JsonNode json = Json.MAPPER.readTree(a.body());
        assertThat(json.get("error").asText()).containsIgnoringCase("header");
        assertThat(json.has("detail")).isTrue();
    }
}
