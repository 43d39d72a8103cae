package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import dev.slipway.testing.TestServer.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/projects/{p}/refs}: the branches and tags the deploy form offers, over HTTP. */
class RefsApiTest {
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
    void listsBranchesAndTagsWithTheirCommitsTheDefaultBranchFirst() {
        TestRepo repo = TestRepo.create(tmp.resolve("repo"));
        String first = repo.commit("v1", Map.of("Dockerfile", "FROM busybox:1.36\n"));
        repo.tag("v1");
        String second = repo.commit("v2", Map.of("version", "2"));
        repo.annotatedTag("v2", "the second release");
        repo.onBranch("alpha");
        String third = repo.commit("v3", Map.of("version", "3"));
        repo.onBranch("main");
        server.createProject("refs", repo.url());

        Answer answer = server.call("GET", "/api/v1/projects/refs/refs", null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("default_branch").asText()).isEqualTo("main");
        assertThat(tips(answer.json().get("branches"))).containsExactly("main " + second, "alpha " + third);
        assertThat(tips(answer.json().get("tags"))).as("an annotated tag names its commit, not the tag object")
                .containsExactly("v1 " + first, "v2 " + second);
    }

    @Test
    void anUnknownProjectIsA404AndAnUnreadableRepositoryA400NamingTheRepo() throws Exception {
        assertThat(server.call("GET", "/api/v1/projects/nope/refs", null).status()).isEqualTo(404);

        TestRepo repo = TestRepo.create(tmp.resolve("gone"));
        repo.commit("v1", Map.of("Dockerfile", "FROM busybox:1.36\n"));
        server.createProject("gone", repo.url());
        Files.move(tmp.resolve("gone"), tmp.resolve("moved-away"));
        Answer answer = server.call("GET", "/api/v1/projects/gone/refs", null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().get("detail").asText()).isEqualTo("repo");
        assertThat(answer.json().get("error").asText()).contains("cannot be read");
    }

    @Test
    void theRouteIsInTheOpenApiDocument() {
        JsonNode route = server.call("GET", "/api/v1/openapi.json", null).json().get("paths").get("/api/v1/projects/{project}/refs");
        assertThat(route).as("the refs route in openapi.json").isNotNull();
        assertThat(route.get("get").get("responses").get("200")).isNotNull();
    }

    private static List<String> tips(JsonNode list) {
        List<String> tips = new ArrayList<>();
        list.forEach(t -> tips.add(t.get("name").asText() + " " + t.get("commit").asText()));
        return tips;
    }
}
