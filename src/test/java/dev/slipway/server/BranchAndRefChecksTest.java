package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import dev.slipway.testing.TestServer.Answer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An environment's branch and a deployment's ref are Git ref names, checked before anything is stored or queued. */
class BranchAndRefChecksTest {
    @TempDir static Path tmp;
    static TestServer server;
    static final AtomicInteger CASES = new AtomicInteger();

    @BeforeAll
    static void start() {
        server = TestServer.start(tmp.resolve("data"));
        TestRepo r = TestRepo.create(tmp.resolve("repo"));
        r.commit("init", Map.of("Dockerfile", "FROM busybox:1.36\n"));
        r.onBranch("release/2026.12"); // a branch must exist in the repository to be an environment's
        r.onBranch("main");
        server.createProject("shop", r.url());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void branchWithANewlineIsRefusedNamingTheField() {
        assertRefused(Map.of("name", "nl", "branch", "main\nevil"), "branch", "control character");
    }

    @Test
    void branchStartingWithADashIsRefused() {
        assertRefused(Map.of("name", "dash", "branch", "--upload-pack=touch /tmp/x"), "branch", "starts with '-'");
    }

    @Test
    void branchOfTenThousandCharactersIsRefused() {
        assertRefused(Map.of("name", "long", "branch", "b".repeat(10_000)), "branch", "at most 200");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a..b", "feature/x.lock", "has space", "tip^", "a:b", "ends/", "x@{1}", "back\\slash", ""})
    void branchThatGitWouldRefuseIsRefused(String branch) {
        assertRefused(Map.of("name", "bad" + CASES.incrementAndGet(), "branch", branch), "branch", "");
    }

    @Test
    void validBranchesAreStillAccepted() {
        Answer a = server.call("POST", "/api/v1/projects/shop/environments", Map.of("name", "staging", "branch", "release/2026.12"));
        assertThat(a.status()).as(a.body()).isEqualTo(201);
    }

    @Test
    void deploymentRefStartingWithADashIsRefusedBeforeAnythingIsQueued() {
        Answer a = server.call("POST", "/api/v1/projects/shop/environments/test/deployments", Map.of("ref", "--upload-pack=touch"));
        assertThat(a.status()).as(a.body()).isEqualTo(400);
        assertThat(a.json().get("detail").asText()).isEqualTo("ref");
        assertThat(server.call("GET", "/api/v1/projects/shop/deployments", null).json()).isEmpty();
    }

    private static void assertRefused(Map<String, String> body, String field, String says) {
        Answer a = server.call("POST", "/api/v1/projects/shop/environments", body);
        assertThat(a.status()).as(a.body()).isEqualTo(400);
        assertThat(a.json().get("detail").asText()).isEqualTo(field);
        assertThat(a.json().get("error").asText()).contains(says).doesNotContain("\n");
        assertThat(server.call("GET", "/api/v1/projects/shop", null).json().get("environments").findValuesAsText("name"))
                .doesNotContain(body.get("name"));
    }
}
