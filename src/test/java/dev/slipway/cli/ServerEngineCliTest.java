package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slipway server --engine …} as a user types it: a wrong choice is refused before anything is written. */
class ServerEngineCliTest {
    @TempDir Path tmp;

    private CliProcess cli() {
        return new CliProcess(tmp, Map.of("XDG_CONFIG_HOME", tmp.resolve("config").toString()));
    }

    @Test
    void swarmWithoutARegistryIsRefusedAndNoDataFolderIsMade() throws Exception {
        Path data = tmp.resolve("data");
        CliProcess.Run run = cli().run("server", "--engine", "swarm", "--data", data.toString(), "--port", "0", "--router-port", "0");
        assertThat(run.exit()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("--engine swarm needs --registry HOST:PORT");
        assertThat(run.all()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(Files.exists(data)).isFalse();
    }
}
