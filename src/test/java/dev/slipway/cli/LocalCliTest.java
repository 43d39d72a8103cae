package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.engine.DockerTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `slipway local` as a user runs it: a separate process, compose's output streamed, its exit code passed on. */
class LocalCliTest {
    @TempDir Path tmp;
    Path dir;
    String composeProject;
    String name;

    record Run(int exit, String out, String err) {}

    @AfterEach
    void takeDown() throws Exception {
        if (dir != null && Files.exists(dir.resolve("docker-compose.yml"))) {
            slipway("local", "-C", dir.toString(), "-p", composeProject, "down", "--volumes");
        }
        if (name != null) {
            DockerTestSupport.engine().removeImage("slipway-local/" + name + ":latest");
        }
    }

    @Test
    void aFailingMigrationsExitCodeIsPassedOn() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        name = "lc-" + id;
        composeProject = "slipwaytestcli" + id;
        dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox:1.36\nCMD [\"sleep\", \"600\"]\n");
        Files.writeString(dir.resolve("Procfile"), "web: sleep 600\nrelease: echo broken migration; exit 4\n");

        Run init = slipway("local", "-C", dir.toString(), "-p", composeProject, "init");
        assertThat(init.exit()).as(init.err()).isZero();
        assertThat(init.out()).contains("wrote docker-compose.yml (project " + name + "); your own variables go in .env");

        Run migrate = slipway("local", "-C", dir.toString(), "-p", composeProject, "migrate");
        assertThat(migrate.exit()).as(migrate.out() + migrate.err()).isEqualTo(4);
        assertThat(migrate.out()).contains("$ echo broken migration; exit 4").contains("broken migration")
                .contains("migration 'echo broken migration; exit 4' exited with code 4");
    }

    @Test
    void aForeignComposeFileIsBadInputWithAMessage() throws Exception {
        Path own = Files.createDirectories(tmp.resolve("own"));
        Files.writeString(own.resolve("Dockerfile"), "FROM busybox:1.36\n");
        Files.writeString(own.resolve("docker-compose.yml"), "services: {}\n");

        Run up = slipway("local", "-C", own.toString(), "-p", "slipwaytestforeign", "up");

        assertThat(up.exit()).isEqualTo(2);
        assertThat(up.err()).startsWith("error: " + own.toRealPath().resolve("docker-compose.yml") + " was not written by Slipway");
    }

    @Test
    void aFolderThatDoesNotExistIsNamedAsSuch() throws Exception {
        Path missing = tmp.resolve("no-such-folder");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");

        Run init = slipway("local", "-C", missing.toString(), "init");
        Run up = slipway("local", "--dir", file.toString(), "up");

        assertThat(init.exit()).isEqualTo(2);
        assertThat(init.err().strip()).isEqualTo("error: the project folder " + missing + " (-C/--dir) does not exist");
        assertThat(up.exit()).isEqualTo(2);
        assertThat(up.err().strip()).isEqualTo("error: the project folder " + file + " (-C/--dir) is not a folder");
        assertThat(missing).doesNotExist();
    }

    private Run slipway(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "dev.slipway.cli.Main"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("slipway " + String.join(" ", args) + " did not finish");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
