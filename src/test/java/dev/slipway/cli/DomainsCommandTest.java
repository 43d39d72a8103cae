package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.engine.DockerTestSupport;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slipway domains add|list|remove} as a user runs it, in a process of its own. */
class DomainsCommandTest {
    @TempDir static Path tmp;
    static TestServer server;

    record Run(int exit, String out, String err) {}

    @BeforeAll
    static void start() {
        DockerTestSupport.engine();
        server = TestServer.start(tmp.resolve("data"));
        server.createProject("dom", TestRepo.create(tmp.resolve("repo")).url());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void addListConflictAndRemove() throws Exception {
        Run add = slipway("domains", "add", "dom", "live", "Shop.Example.com");
        assertThat(add.exit()).as(add.err()).isZero();
        assertThat(add.out()).contains("live.dom answers at shop.example.com");

        Run list = slipway("domains", "list", "dom", "live");
        assertThat(list.out()).contains("live.dom.localhost (generated)").contains("shop.example.com");

        Run taken = slipway("domains", "add", "dom", "test", "shop.example.com");
        assertThat(taken.exit()).isEqualTo(2);
        assertThat(taken.err()).contains("already belongs to dom/live");

        Run bad = slipway("domains", "add", "dom", "test", "shop.example.com:8080");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("not a valid host name");

        Run remove = slipway("domains", "remove", "dom", "live", "shop.example.com");
        assertThat(remove.exit()).as(remove.err()).isZero();
        assertThat(slipway("domains", "list", "dom", "live").out()).doesNotContain("shop.example.com");
    }

    private Run slipway(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "dev.slipway.cli.Main"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(Map.of("SLIPWAY_URL", "http://127.0.0.1:" + server.apiPort(), "SLIPWAY_TOKEN", server.token()));
        Process p = pb.start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("slipway " + String.join(" ", args) + " did not finish");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
