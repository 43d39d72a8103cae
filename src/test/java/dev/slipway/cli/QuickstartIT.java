package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.slipway.engine.DockerTestSupport;
import dev.slipway.testing.Http;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, {@code bin/slipway quickstart}, run as a user runs it: from the built jar, on
 * the real Docker engine. Runs after {@code mvn package} (failsafe), so the launcher finds its jar built.
 */
class QuickstartIT {
    private static final Pattern ANSWERS = Pattern.compile("the example answers at http://test\\.hello\\.localhost:(\\d+)/");
    private static final Pattern UI = Pattern.compile("web UI and API: http://127\\.0\\.0\\.1:(\\d+)/");

    @TempDir Path tmp;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void startsSlipwayDeploysTheBundledExampleAndKeepsServingIt() throws Exception {
        DockerTestSupport.engine(); // fails loudly when no engine runs
        Path data = tmp.resolve("data");
        ProcessBuilder builder = new ProcessBuilder("bin/slipway", "quickstart", "--data", data.toString(), "--port", "0", "--router-port", "0")
                .redirectErrorStream(true);
        builder.environment().put("XDG_CONFIG_HOME", tmp.resolve("config").toString());
        Process quickstart = builder.start();
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(quickstart.getInputStream(), StandardCharsets.UTF_8))) {
            int routerPort = -1;
            int uiPort = -1;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
            for (String line; uiPort < 0 && System.nanoTime() < deadline && (line = out.readLine()) != null; ) {
                output.add(line);
                Matcher answers = ANSWERS.matcher(line);
                Matcher ui = UI.matcher(line);
                if (answers.find()) routerPort = Integer.parseInt(answers.group(1));
                if (ui.find()) uiPort = Integer.parseInt(ui.group(1));
            }
            if (routerPort < 0 || uiPort < 0) fail("quickstart did not say where the example answers:\n" + String.join("\n", output));

            Http.Answer example = Http.get(routerPort, "test.hello.localhost", "/");
            assertThat(example.status()).isEqualTo(200);
            assertThat(example.body()).contains("Hello from Slipway");
            assertThat(Http.get(uiPort, "127.0.0.1", "/").body()).contains("<script type=\"module\" src=\"/ui/app.js\"");
            assertThat(quickstart.isAlive()).as("still serving").isTrue();
            // The token is shown once, kept in the CLI config, and the data folder keeps only its hash.
            Matcher shown = Pattern.compile("admin token: (slw_[0-9a-f]{48})").matcher(String.join("\n", output));
            assertThat(shown.find()).as(String.join("\n", output)).isTrue();
            assertThat(data.resolve("admin-token")).doesNotExist();
            assertThat(Files.readString(tmp.resolve("config/slipway/config"))).contains(shown.group(1)).contains("http://127.0.0.1:" + uiPort);
            Path cli = tmp.resolve("cli");
            Files.createDirectories(cli);
            ProcessBuilder list = new ProcessBuilder(Path.of("bin/slipway").toAbsolutePath().toString(), "projects", "list").directory(cli.toFile())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("list.txt").toFile());
            list.environment().put("XDG_CONFIG_HOME", tmp.resolve("config").toString());
            list.environment().remove("SLIPWAY_URL");
            list.environment().remove("SLIPWAY_TOKEN");
            Process listed = list.start();
            assertThat(listed.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(Files.readString(tmp.resolve("list.txt"))).as("the CLI, from another folder, finds the server and token").contains("hello");
            assertThat(listed.exitValue()).isZero();
        } finally {
            quickstart.destroy();
            if (!quickstart.waitFor(30, TimeUnit.SECONDS)) quickstart.destroyForcibly().waitFor();
            removeWhatItRan(data);
        }
    }

    private static void removeWhatItRan(Path data) throws IOException {
        Path id = data.resolve("instance-id");
        if (Files.exists(id)) DockerTestSupport.removeEverythingOf(Files.readString(id).trim());
    }
}
