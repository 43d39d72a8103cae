package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistyped command lines through bin/slipway: exit 2, one line on stderr that names the word and what was meant. */
class BadCommandLineCliTest {
    @TempDir static Path tmp;
    static Launcher launcher;
    static Path cwd;

    @BeforeAll
    static void setUp() throws IOException {
        // Nothing listens there: a command that got as far as the API would say so, and fail the test.
        launcher = Launcher.create(tmp).env("SLIPWAY_URL", "http://127.0.0.1:9").env("SLIPWAY_TOKEN", "t");
        cwd = Files.createDirectories(tmp.resolve("cwd"));
    }

    private static String refused(String... args) {
        Launcher.Run run = launcher.run(cwd, args);
        assertThat(run.exit()).as(run.all()).isEqualTo(2);
        assertThat(run.out()).as("nothing on stdout").isEmpty();
        assertThat(run.err().strip()).as("one line").doesNotContain("\n").startsWith("error: ");
        return run.err().strip();
    }

    @Test
    void unknownCommandExitsTwoAndSuggestsTheNearest() {
        assertThat(refused("projets", "list")).isEqualTo("error: 'projets' is not a slipway command; did you mean 'projects'? (see slipway --help)");
        assertThat(refused("env", "lsit", "shop", "live")).isEqualTo("error: 'lsit' is not a slipway env command; did you mean 'list'? (see slipway env --help)");
        assertThat(refused("env", "frobnicate")).isEqualTo("error: 'frobnicate' is not a slipway env command; its commands: set, unset, list (see slipway env --help)");
        assertThat(refused("deploy", "shop", "test", "--reff", "main")).isEqualTo("error: unknown option '--reff'; did you mean '--ref'? (see slipway deploy --help)");
    }

    @Test
    void promoteSaysThatPromotionIsADeploymentOfLive() {
        assertThat(refused("promote", "shop", "live")).isEqualTo("error: 'promote' is not a slipway command; promotion is"
                + " `slipway deploy PROJECT live`, which runs the very image test ran when live's branch is at test's commit"
                + " (see slipway deploy --help)");
        assertThat(refused("promote")).startsWith("error: 'promote' is not a slipway command; promotion is `slipway deploy PROJECT live`");
    }

    @Test
    void aNumberThatIsNotOneNamesTheArgument() {
        assertThat(refused("logs", "abc")).isEqualTo("error: ID: 'abc' is not a whole number (see slipway logs --help)");
        assertThat(refused("rollback", "shop", "live", "--to", "five")).isEqualTo("error: --to: 'five' is not a whole number (see slipway rollback --help)");
        assertThat(refused("server", "--port", "80o0")).isEqualTo("error: --port: '80o0' is not a whole number (see slipway server --help)");
        assertThat(refused("server", "--router-threads", "x")).isEqualTo("error: --router-threads: 'x' is not a whole number (see slipway server --help)");
    }
}
