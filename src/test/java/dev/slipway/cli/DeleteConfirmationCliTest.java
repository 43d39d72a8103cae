package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.Apps;
import dev.slipway.testing.Launcher;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `projects delete` and `environments delete` through bin/slipway: asked at a terminal, --yes or --confirm in a script. */
class DeleteConfirmationCliTest {
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
        launcher = Launcher.create(tmp).env("SLIPWAY_URL", "http://127.0.0.1:" + server.apiPort()).env("SLIPWAY_TOKEN", server.token());
        cwd = Files.createDirectories(tmp.resolve("cwd"));
    }

    @AfterAll
    static void stop() {
        server.closeAndRemoveWhatItRan();
    }

    private static boolean exists(String path) {
        return server.call("GET", path, null).status() == 200;
    }

    @Test
    void aScriptMustSayYesOrNameTheProject() {
        server.createProject("scripted", repo.url());
        Launcher.Run unasked = launcher.run(cwd, "projects", "delete", "scripted");
        assertThat(unasked.exit()).as(unasked.all()).isEqualTo(2);
        assertThat(unasked.err().strip()).isEqualTo("error: deleting project scripted with its environments, containers, releases and variables"
                + " needs --yes or --confirm scripted when no terminal can ask (stdin is not a terminal); nothing was deleted");
        Launcher.Run wrongName = launcher.run(cwd, "projects", "delete", "scripted", "--confirm", "scripte");
        assertThat(wrongName.exit()).as(wrongName.all()).isEqualTo(2);
        assertThat(wrongName.err().strip()).isEqualTo("error: --confirm 'scripte' is not 'scripted'; nothing was deleted");
        assertThat(exists("/api/v1/projects/scripted")).as("still there").isTrue();

        Launcher.Run confirmed = launcher.run(cwd, "projects", "delete", "scripted", "--confirm", "scripted");
        assertThat(confirmed.exit()).as(confirmed.all()).isZero();
        assertThat(confirmed.out()).startsWith("deleted project scripted\n");
        assertThat(exists("/api/v1/projects/scripted")).isFalse();

        server.createProject("scripted2", repo.url());
        assertThat(launcher.run(cwd, "projects", "delete", "scripted2", "--yes").exit()).isZero();
        assertThat(exists("/api/v1/projects/scripted2")).isFalse();
    }

    @Test
    void atATerminalTheProjectsNameMustBeTyped() {
        server.createProject("typed", repo.url());
        Launcher.Run mistyped = launcher.runAtTerminal(cwd, "tpyed\n", "projects", "delete", "typed");
        assertThat(mistyped.exit()).as(mistyped.all()).isEqualTo(2);
        assertThat(mistyped.out()).contains("This deletes project typed with its environments, containers, releases and variables. Type 'typed' to confirm: ")
                .contains("error: not confirmed: 'tpyed' is not 'typed'; nothing was deleted");
        assertThat(exists("/api/v1/projects/typed")).as("still there").isTrue();

        Launcher.Run typed = launcher.runAtTerminal(cwd, "typed\n", "projects", "delete", "typed");
        assertThat(typed.exit()).as(typed.all()).isZero();
        assertThat(typed.out()).contains("deleted project typed");
        assertThat(exists("/api/v1/projects/typed")).isFalse();
    }

    @Test
    void deletingAnEnvironmentIsConfirmedTheSameWay() {
        server.createProject("envs", repo.url());
        Launcher.Run unasked = launcher.run(cwd, "environments", "delete", "envs", "test");
        assertThat(unasked.exit()).as(unasked.all()).isEqualTo(2);
        assertThat(unasked.err()).contains("needs --yes or --confirm test when no terminal can ask");
        Launcher.Run mistyped = launcher.runAtTerminal(cwd, "live\n", "environments", "delete", "envs", "test");
        assertThat(mistyped.exit()).as(mistyped.all()).isEqualTo(2);
        assertThat(exists("/api/v1/projects/envs/environments/test/variables")).as("still there").isTrue();

        Launcher.Run typed = launcher.runAtTerminal(cwd, "test\n", "environments", "delete", "envs", "test");
        assertThat(typed.exit()).as(typed.all()).isZero();
        assertThat(launcher.run(cwd, "environments", "delete", "envs", "live", "--confirm", "live").exit()).isZero();
        assertThat(exists("/api/v1/projects/envs/environments/test/variables")).isFalse();
        assertThat(exists("/api/v1/projects/envs/environments/live/variables")).isFalse();
        assertThat(exists("/api/v1/projects/envs")).isTrue();
    }
}
