package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.slipway.testing.TestServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the CLI finds its server and token (SLIPWAY_URL/SLIPWAY_TOKEN, then the config `slipway login`
 * writes), and exit 3 with one line when the server does not answer or refuses the token.
 */
class LoginCliTest {
    @TempDir static Path tmp;
    static TestServer server;
    static String url;
    Path home;
    Path config;

    @BeforeAll
    static void start() {
        server = TestServer.start(tmp.resolve("data"));
        url = "http://127.0.0.1:" + server.apiPort();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void freshHome() throws Exception {
        home = Files.createTempDirectory(tmp, "home");
        config = home.resolve("xdg/slipway/config");
    }

    /** A user's shell: its own HOME and XDG_CONFIG_HOME, no SLIPWAY_* unless given, run from a folder with no data/. */
    private CliProcess.Run slipway(Map<String, String> extra, String stdin, String... args) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.resolve("xdg").toString(),
                "SLIPWAY_URL", "", "SLIPWAY_TOKEN", ""));
        env.putAll(extra);
        return new CliProcess(tmp, env).runWithInput(stdin, args);
    }

    @Test
    void loginChecksTheTokenThenKeepsItOwnerReadableOnly() throws Exception {
        CliProcess.Run login = slipway(Map.of(), null, "login", url, server.token());
        assertThat(login.exit()).as(login.all()).isZero();
        assertThat(login.out()).contains("logged in to " + url).contains(config.toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
        assertThat(Files.readString(config)).contains("\"url\" : \"" + url + "\"").contains(server.token());

        CliProcess.Run list = slipway(Map.of(), null, "projects", "list");
        assertThat(list.exit()).as(list.all()).isZero();
    }

    @Test
    void loginReadsTheTokenFromStdin() throws Exception {
        CliProcess.Run login = slipway(Map.of(), server.token() + "\n", "login", url, "--token-stdin");
        assertThat(login.exit()).as(login.all()).isZero();
        assertThat(Files.readString(config)).contains(server.token());
        assertThat(slipway(Map.of(), null, "projects", "list").exit()).isZero();
    }

    @Test
    void loginWithAWrongTokenExitsThreeAndWritesNothing() throws Exception {
        CliProcess.Run login = slipway(Map.of(), null, "login", url, "slw_wrong");
        assertThat(login.exit()).isEqualTo(3);
        assertThat(login.err().strip()).startsWith("error: the Slipway server at " + url + " refused the token").doesNotContain("\n");
        assertThat(config).doesNotExist();
    }

    @Test
    void configHomeDefaultsToDotConfigUnderHome() throws Exception {
        CliProcess.Run login = slipway(Map.of("XDG_CONFIG_HOME", ""), null, "login", url, server.token());
        assertThat(login.exit()).as(login.all()).isZero();
        assertThat(home.resolve(".config/slipway/config")).exists();
    }

    @Test
    void withoutAnyTokenTheErrorNamesWhatWasTriedAndExitsThree() throws Exception {
        CliProcess.Run run = slipway(Map.of("SLIPWAY_URL", url), null, "projects", "list");
        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err().strip()).doesNotContain("\n")
                .contains("no token for the Slipway server at " + url + " (SLIPWAY_URL)")
                .contains("SLIPWAY_TOKEN is not set").contains(config + " does not exist").contains("slipway login " + url);
    }

    @Test
    void aRefusedTokenFromTheEnvironmentExitsThreeNamingIt() throws Exception {
        CliProcess.Run run = slipway(Map.of("SLIPWAY_URL", url, "SLIPWAY_TOKEN", "slw_wrong"), null, "projects", "list");
        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err()).contains("refused the token (SLIPWAY_TOKEN): HTTP 401");
    }

    @Test
    void theEnvironmentComesBeforeTheConfig() throws Exception {
        assertThat(slipway(Map.of(), null, "login", url, server.token()).exit()).isZero();
        CliProcess.Run run = slipway(Map.of("SLIPWAY_TOKEN", "slw_wrong"), null, "projects", "list");
        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err()).contains("refused the token (SLIPWAY_TOKEN)");
    }

    @Test
    void theConfigsTokenIsNeverSentToAnotherServer() throws Exception {
        assertThat(slipway(Map.of(), null, "login", url, server.token()).exit()).isZero();
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", exchange -> {
            seen.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        other.start();
        try {
            String otherUrl = "http://127.0.0.1:" + other.getAddress().getPort();
            CliProcess.Run run = slipway(Map.of("SLIPWAY_URL", otherUrl), null, "projects", "list");
            assertThat(run.exit()).isEqualTo(3);
            assertThat(run.err()).contains("holds a token for " + url + ", not for this server");
            assertThat(seen).isEmpty();
        } finally {
            other.stop(0);
        }
    }

    @Test
    void aStandaloneRouterTakesTheConfigsTokenForItsControlPanel() throws Exception {
        assertThat(slipway(Map.of(), null, "login", url, server.token()).exit()).isZero();
        Path state = home.resolve("router-state.json");
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "dev.slipway.cli.Main", "router", "--control", url,
                "--port", "0", "--state", state.toString())
                .redirectErrorStream(true).redirectOutput(home.resolve("router.log").toFile());
        pb.environment().putAll(Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.resolve("xdg").toString(), "SLIPWAY_TOKEN", ""));
        Process router = pb.start();
        try {
            // The router writes its state file once the panel has answered its first poll, which needs the token.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(state) && router.isAlive() && System.nanoTime() < deadline) Thread.sleep(200);
            assertThat(state).as(Files.readString(home.resolve("router.log"))).exists();
        } finally {
            router.destroy();
            if (!router.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) router.destroyForcibly();
        }
    }

    @Test
    void nothingAnsweringExitsThreeWithOneLine() throws Exception {
        CliProcess.Run run = slipway(Map.of("SLIPWAY_URL", "http://127.0.0.1:1", "SLIPWAY_TOKEN", "slw_any"), null, "projects", "list");
        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err().strip()).isEqualTo("error: no Slipway server answers at http://127.0.0.1:1 (SLIPWAY_URL); is `slipway server` running?");
    }

    @Test
    void aUrlThatIsNoUrlIsBadInputNamingWhereItCameFrom() throws Exception {
        CliProcess.Run run = slipway(Map.of("SLIPWAY_URL", "127.0.0.1:8000", "SLIPWAY_TOKEN", "slw_any"), null, "projects", "list");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("error: the server URL '127.0.0.1:8000' (SLIPWAY_URL) is not an http:// or https:// URL, e.g. http://127.0.0.1:8000");
    }

    @Test
    void aPortOutOfRangeIsBadInputNotAStackTrace() throws Exception {
        CliProcess.Run status = slipway(Map.of("SLIPWAY_URL", "http://127.0.0.1:99999", "SLIPWAY_TOKEN", "slw_any"), null, "status", "shop");
        assertThat(status.exit()).isEqualTo(2);
        assertThat(status.err().strip()).isEqualTo("error: the server URL 'http://127.0.0.1:99999' (SLIPWAY_URL) has port 99999; a port is 1-65535, e.g. http://127.0.0.1:8000");
        CliProcess.Run login = slipway(Map.of(), null, "login", "http://127.0.0.1:80800", "slw_any");
        assertThat(login.exit()).isEqualTo(2);
        assertThat(login.err().strip()).isEqualTo("error: the server URL 'http://127.0.0.1:80800' (URL) has port 80800; a port is 1-65535, e.g. http://127.0.0.1:8000");
    }
}
