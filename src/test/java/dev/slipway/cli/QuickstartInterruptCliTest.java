package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.deploy.Labels;
import dev.slipway.engine.ContainerState;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.testing.Http;
import dev.slipway.testing.Launcher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Ctrl-C (SIGINT) does to `bin/slipway quickstart`: Slipway and its router stop; the example's
 * containers keep running, and the next start of the same data folder routes to them again, without a
 * deployment.
 */
class QuickstartInterruptCliTest {
    private static final Pattern ANSWERS = Pattern.compile("the example answers at http://test\\.hello\\.localhost:(\\d+)/");
    private static final Pattern UI = Pattern.compile("web UI and API: http://127\\.0\\.0\\.1:(\\d+)/");
    private static final Pattern SERVER = Pattern.compile("API: http://127\\.0\\.0\\.1:(\\d+)\\s+router: http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir Path tmp;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void ctrlCStopsSlipwayAndTheRouterButNotTheExampleWhichTheNextStartRoutesAgain() throws Exception {
        DockerTestSupport.engine(); // fails loudly when no engine runs
        Launcher launcher = Launcher.create(tmp);
        Path cwd = Files.createDirectories(tmp.resolve("cwd"));
        Path data = tmp.resolve("data");
        Process quickstart = launcher.start(cwd, "quickstart", "--data", data.toString(), "--port", "0", "--router-port", "0");
        Process server = null;
        try {
            Output out = new Output(quickstart);
            int routerPort = Integer.parseInt(out.await(ANSWERS, 4).group(1));
            int apiPort = Integer.parseInt(out.await(UI, 1).group(1));
            out.await(Pattern.compile(Pattern.quote("serving; Ctrl-C stops Slipway and its router, so the example stops answering;"
                    + " its containers keep running, and `bin/slipway server --data " + data + "` (or quickstart again) routes to them again")), 1);
            assertThat(Http.get(routerPort, "test.hello.localhost", "/").body()).contains("Hello from Slipway");
            List<String> before = webContainers(data);
            assertThat(before).hasSize(1);

            interrupt(quickstart);
            assertThat(quickstart.waitFor(60, TimeUnit.SECONDS)).as("quickstart ends on SIGINT:\n" + out).isTrue();
            assertThat(listening(routerPort)).as("the router stopped with it").isFalse();
            assertThat(listening(apiPort)).as("the API stopped").isFalse();
            assertThat(webContainers(data)).as("the example's container keeps running").isEqualTo(before);
            assertThat(out.toString()).doesNotContain("Exception");

            server = launcher.start(cwd, "server", "--data", data.toString(), "--port", "0", "--router-port", "0");
            Output serverOut = new Output(server);
            Matcher ports = serverOut.await(SERVER, 2);
            Http.Answer again = Http.get(Integer.parseInt(ports.group(2)), "test.hello.localhost", "/");
            assertThat(again.status()).as(serverOut.toString()).isEqualTo(200);
            assertThat(again.body()).contains("Hello from Slipway");
            assertThat(webContainers(data)).as("the same container, no new deployment").isEqualTo(before);
            interrupt(server);
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            for (Process p : new Process[] {quickstart, server}) {
                if (p != null && p.isAlive()) p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            Path id = data.resolve("instance-id");
            if (Files.exists(id)) DockerTestSupport.removeEverythingOf(Files.readString(id).trim());
        }
    }

    private static List<String> webContainers(Path data) throws IOException {
        String instance = Files.readString(data.resolve("instance-id")).trim();
        return DockerTestSupport.engine().list(Map.of(Labels.INSTANCE, instance, Labels.PROJECT, "hello", Labels.ROLE, Labels.ROLE_WEB))
                .stream().filter(ContainerState::running).map(ContainerState::id).sorted().toList();
    }

    /** What a terminal sends on Ctrl-C; the launcher exec's java, so its pid is the JVM's. */
    private static void interrupt(Process p) throws Exception {
        assertThat(new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor()).isZero();
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** The process's output, read as it comes by a thread of its own, so that waiting for a line has a deadline. */
    private static final class Output {
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        Output(Process p) {
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) lines.add(line);
                } catch (IOException ended) {
                    // the process is gone
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        Matcher await(Pattern pattern, int minutes) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
            while (System.nanoTime() < deadline) {
                synchronized (lines) {
                    for (String line : lines) {
                        Matcher m = pattern.matcher(line);
                        if (m.find()) return m;
                    }
                }
                Thread.sleep(200);
            }
            throw new AssertionError("no line matching " + pattern + " in:\n" + this);
        }

        @Override
        public String toString() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }
    }
}
