package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.Apps;
import dev.slipway.testing.Launcher;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import dev.slipway.testing.TestServer.Answer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `environments create --branch` against a real repository's branches, and `environments list`, through bin/slipway. */
class EnvironmentsCliTest {
    @TempDir static Path tmp;
    static TestServer server;
    static TestRepo repo;
    static Launcher launcher;
    static Path cwd;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(tmp.resolve("data"));
        repo = TestRepo.create(tmp.resolve("repo"));
        repo.commit("v1", Apps.version("1"));
        repo.onBranch("develop");
        repo.onBranch("main");
        repo.tag("v1.0");
        launcher = Launcher.create(tmp).env("SLIPWAY_URL", "http://127.0.0.1:" + server.apiPort()).env("SLIPWAY_TOKEN", server.token());
        cwd = Files.createDirectories(tmp.resolve("cwd"));
    }

    @AfterAll
    static void stop() {
        server.closeAndRemoveWhatItRan();
    }

    private static Iterable<String> environments(String project) {
        return server.call("GET", "/api/v1/projects/" + project, null).json().get("environments").findValuesAsText("name");
    }

    @Test
    void aBranchTheRepositoryDoesNotHaveIsRefusedNamingTheField() {
        server.createProject("typo", repo.url());
        Answer api = server.call("POST", "/api/v1/projects/typo/environments", Map.of("name", "staging", "branch", "devlop"));
        assertThat(api.status()).as(api.body()).isEqualTo(400);
        assertThat(api.json().get("detail").asText()).isEqualTo("branch");
        assertThat(api.json().get("error").asText()).isEqualTo("branch 'devlop' not found in " + repo.url() + " (branches: main, develop)");

        Launcher.Run cli = launcher.run(cwd, "environments", "create", "typo", "staging", "--branch", "devlop");
        assertThat(cli.exit()).as(cli.all()).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("error: branch 'devlop' not found in " + repo.url() + " (branches: main, develop)");
        assertThat(environments("typo")).as("nothing created").containsExactlyInAnyOrder("test", "live");

        assertThat(launcher.run(cwd, "environments", "create", "typo", "staging", "--branch", "develop").exit()).isZero();
        assertThat(launcher.run(cwd, "environments", "create", "typo", "pinned", "--branch", "v1.0").exit()).as("a tag is a ref too").isZero();
        assertThat(environments("typo")).containsExactlyInAnyOrder("test", "live", "staging", "pinned");
    }

    @Test
    void listShowsEachEnvironmentsBranchCurrentReleaseAndAddress() {
        server.createProject("listed", repo.url());
        assertThat(launcher.run(cwd, "environments", "create", "listed", "staging", "--branch", "develop").exit()).isZero();
        JsonNode done = server.deployAndAwait("listed", "test", null);
        assertThat(done.get("deployment").get("status").asText()).as(server.log(done.get("deployment").get("id").asLong())).isEqualTo("SUCCEEDED");
        JsonNode release = server.call("GET", "/api/v1/projects/listed", null).json().get("environments").findValues("current_release").stream()
                .filter(r -> !r.isNull()).findFirst().orElseThrow();

        Launcher.Run list = launcher.run(cwd, "environments", "list", "listed");
        assertThat(list.exit()).as(list.all()).isZero();
        String address = "http://%s.listed.localhost:" + server.routerPort() + "/";
        assertThat(list.out().lines().map(String::strip).map(l -> l.replaceAll("\\s{2,}", " | ")))
                .containsExactlyInAnyOrder(
                        "NAME | BRANCH | CURRENT RELEASE | ADDRESS",
                        "test | (default) | release " + release.get("id").asText() + " (commit " + release.get("commit").asText().substring(0, 12) + ") | " + address.formatted("test"),
                        "live | (default) | none | " + address.formatted("live"),
                        "staging | develop | none | " + address.formatted("staging"));

        Launcher.Run unknown = launcher.run(cwd, "environments", "list", "nope");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("project 'nope' not found");
    }
}
