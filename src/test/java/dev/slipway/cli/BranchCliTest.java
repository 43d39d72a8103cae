package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `environments create --branch` and `deploy --ref` refuse what is not a Git ref, as bad input (exit 2). */
class BranchCliTest {
    @TempDir static Path tmp;
    static TestServer server;
    static CliProcess cli;

    @BeforeAll
    static void start() {
        server = TestServer.start(tmp.resolve("data"));
        TestRepo r = TestRepo.create(tmp.resolve("repo"));
        r.commit("init", Map.of("Dockerfile", "FROM busybox:1.36\n"));
        server.createProject("shop", r.url());
        cli = new CliProcess(tmp, Map.of("SLIPWAY_URL", "http://127.0.0.1:" + server.apiPort(), "SLIPWAY_TOKEN", server.token()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void environmentWithABranchStartingWithADashIsBadInputNamingTheBranch() throws Exception {
        CliProcess.Run run = cli.run("environments", "create", "shop", "staging", "--branch=--upload-pack=touch /tmp/x");
        assertThat(run.exit()).as(run.all()).isEqualTo(Main.BAD_INPUT);
        assertThat(run.err()).contains("branch").contains("starts with '-'");
        assertThat(server.call("GET", "/api/v1/projects/shop", null).json().get("environments").findValuesAsText("name")).doesNotContain("staging");
    }

    @Test
    void deployOfARefWithANewlineIsBadInput() throws Exception {
        CliProcess.Run run = cli.run("deploy", "shop", "test", "--ref", "main\nx", "--no-wait");
        assertThat(run.exit()).as(run.all()).isEqualTo(Main.BAD_INPUT);
        assertThat(run.err()).contains("ref").contains("control character");
        assertThat(server.call("GET", "/api/v1/projects/shop/deployments", null).json()).isEmpty();
    }
}
