package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.engine.DockerTestSupport;
import dev.slipway.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slipway router} run as its own process, in a working directory of its own. */
class RouterCommandTest {
    @TempDir static Path tmp;
    static TestServer panel;

    @BeforeAll
    static void start() {
        DockerTestSupport.engine();
        panel = TestServer.start(tmp.resolve("panel"));
    }

    @AfterAll
    static void stop() {
        panel.closeAndRemoveWhatItRan();
    }

    @Test
    void theRouterKeepsItsStateInTheDataFolderAndWritesNothingElseIntoTheWorkingDirectory() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path out = tmp.resolve("router.out");
        Process router = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "dev.slipway.cli.Main",
                "router", "--control", "http://127.0.0.1:" + panel.apiPort(), "--token", panel.token(), "--port", "0")
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            Path kept = work.resolve("data/router-state.json");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // The state file is written once the first table from the panel is applied; wherever it lands.
            while (!Files.exists(kept) && !Files.exists(work.resolve("router-state.json")) && router.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(entries(work)).as("the router's working directory; its output:%n%s", Files.readString(out)).containsExactly("data");
            assertThat(kept).isNotEmptyFile();
        } finally {
            router.destroy();
            router.waitFor();
        }
    }

    private static List<String> entries(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
