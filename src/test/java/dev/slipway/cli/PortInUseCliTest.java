package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.Launcher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A port held by someone else, through bin/slipway: one line naming the port and its flag, exit 2, nothing started. */
class PortInUseCliTest {
    @TempDir static Path tmp;
    static Launcher launcher;
    static ServerSocket held;

    @BeforeAll
    static void setUp() throws IOException {
        launcher = Launcher.create(tmp);
        held = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterAll
    static void tearDown() throws IOException {
        held.close();
    }

    private static void refusedNaming(String flag, String... args) throws IOException {
        Path cwd = Files.createDirectories(tmp.resolve("cwd-" + flag.substring(2) + "-" + args[0]));
        Launcher.Run run = launcher.run(cwd, args);
        assertThat(run.exit()).as(run.all()).isEqualTo(2);
        assertThat(run.all().strip()).as("one line, no stack trace")
                .isEqualTo("error: port " + held.getLocalPort() + " is in use (" + flag + "): stop what listens there or choose another port");
        try (var left = Files.list(cwd)) {
            assertThat(left).as("no data folder: nothing was started").isEmpty();
        }
    }

    @Test
    void serverOnATakenApiPortSaysWhichPortAndFlag() throws IOException {
        refusedNaming("--port", "server", "--port", Integer.toString(held.getLocalPort()), "--router-port", "0");
    }

    @Test
    void serverOnATakenRouterPortSaysWhichPortAndFlag() throws IOException {
        refusedNaming("--router-port", "server", "--port", "0", "--router-port", Integer.toString(held.getLocalPort()));
    }

    @Test
    void quickstartOnATakenPortSaysSoBeforeMakingAnything() throws IOException {
        refusedNaming("--router-port", "quickstart", "--port", "0", "--router-port", Integer.toString(held.getLocalPort()));
    }

    @Test
    void standaloneRouterOnATakenPortSaysWhichPortAndFlag() throws IOException {
        refusedNaming("--port", "router", "--control", "http://127.0.0.1:9", "--token", "t", "--port", Integer.toString(held.getLocalPort()));
        refusedNaming("--metrics-port", "router", "--control", "http://127.0.0.1:9", "--token", "t", "--port", "0",
                "--metrics-port", Integer.toString(held.getLocalPort()));
    }

    @Test
    void aPortOutOfRangeIsRefusedNamingTheFlag() throws IOException {
        Path cwd = Files.createDirectories(tmp.resolve("cwd-range"));
        Launcher.Run run = launcher.run(cwd, "server", "--port", "0", "--router-port", "70000");
        assertThat(run.exit()).as(run.all()).isEqualTo(2);
        assertThat(run.all().strip()).isEqualTo("error: --router-port 70000 is not a port (0-65535; 0 picks a free one)");
        try (var left = Files.list(cwd)) {
            assertThat(left).as("nothing was started").isEmpty();
        }
    }
}
