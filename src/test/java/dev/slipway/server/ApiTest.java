package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.Http;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import dev.slipway.testing.TestServer.Answer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API's answers to good and bad input: 4xx naming the field, never a 500, never a change. */
class ApiTest {
    @TempDir static Path tmp;
    static TestServer server;
    static String repo;

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

    @Test
    void healthzAnswersWithoutAToken() {
        assertThat(Http.get(server.apiPort(), null, "/healthz").status()).isEqualTo(200);
        assertThat(Http.get(server.apiPort(), null, "/metrics").status()).isEqualTo(200);
    }

    @Test
    void apiRefusesMissingOrWrongTokens() {
        assertThat(server.callWithToken("GET", "/api/v1/projects", null, null).status()).isEqualTo(401);
        Answer wrong = server.callWithToken("GET", "/api/v1/projects", null, "slw_wrong");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("error").asText()).contains("token");
    }

    @Test
    void openApiDocumentIsServed() {
        Answer a = server.call("GET", "/api/v1/openapi.json", null);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("openapi").asText()).startsWith("3.");
        assertThat(a.json().get("paths").has("/api/v1/projects")).isTrue();
    }

    @Test
    void invalidProjectNameIsRefusedNamingTheField() {
        Answer a = server.call("POST", "/api/v1/projects", Map.of("name", "Bad_Name", "repo", repo));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("detail").asText()).isEqualTo("name");
        assertThat(a.json().get("error").asText()).contains("Bad_Name");
        assertThat(server.call("GET", "/api/v1/projects/Bad_Name", null).status()).isEqualTo(404);
    }

    @Test
    void missingRepositoryUrlIsRefused() {
        Answer a = server.call("POST", "/api/v1/projects", Map.of("name", "norepo"));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("detail").asText()).isEqualTo("repo");
    }

    @Test
    void repositoryThatDoesNotExistIsRefused() {
        Answer a = server.call("POST", "/api/v1/projects", Map.of("name", "ghost", "repo", tmp.resolve("nowhere").toUri().toString()));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("detail").asText()).isEqualTo("repo");
        assertThat(server.call("GET", "/api/v1/projects/ghost", null).status()).isEqualTo(404);
    }

    @Test
    void duplicateProjectIsRefused() {
        Answer a = server.call("POST", "/api/v1/projects", Map.of("name", "shop", "repo", repo));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("error").asText()).contains("already exists");
    }

    @Test
    void malformedJsonIsABadRequest() {
        Answer a = server.call("POST", "/api/v1/projects", "{\"name\": ");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("detail").asText()).isEqualTo("body");
        Answer unknown = server.call("POST", "/api/v1/projects", Map.of("name", "x1", "repo", repo, "colour", "red"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("error").asText()).contains("colour");
    }

    @Test
    void unknownProjectEnvironmentAndDeploymentAre404() {
        assertThat(server.call("POST", "/api/v1/projects/nope/environments/test/deployments", Map.of()).status()).isEqualTo(404);
        Answer env = server.call("POST", "/api/v1/projects/shop/environments/prod/deployments", Map.of());
        assertThat(env.status()).isEqualTo(404);
        assertThat(env.json().get("error").asText()).contains("prod");
        assertThat(server.call("GET", "/api/v1/deployments/999999", null).status()).isEqualTo(404);
        assertThat(server.call("GET", "/api/v1/deployments/abc", null).status()).isEqualTo(400);
    }

    @Test
    void rollbackWithoutAnEarlierReleaseIsRefused() {
        Answer a = server.call("POST", "/api/v1/projects/shop/environments/live/rollback", Map.of());
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("error").asText()).contains("no earlier release");
    }

    @Test
    void environmentsCanBeAdded() {
        Answer a = server.call("POST", "/api/v1/projects/shop/environments", Map.of("name", "staging", "branch", "main"));
        assertThat(a.status()).isEqualTo(201);
        assertThat(a.json().get("environments").findValuesAsText("name")).contains("test", "live", "staging");
        assertThat(server.call("POST", "/api/v1/projects/shop/environments", Map.of("name", "staging")).status()).isEqualTo(400);
        assertThat(server.call("POST", "/api/v1/projects/shop/environments", Map.of("name", "-x")).status()).isEqualTo(400);
    }

    @Test
    void routerAnswers404ForUnknownHostsAnd503ForEnvironmentsWithoutRelease() {
        assertThat(Http.get(server.routerPort(), "test.unknown.localhost", "/").status()).isEqualTo(404);
        assertThat(Http.get(server.routerPort(), "live.shop.localhost", "/").status()).isEqualTo(503);
    }
}
