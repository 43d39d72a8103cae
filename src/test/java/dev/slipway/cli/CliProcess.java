package dev.slipway.cli;

import dev.slipway.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** `slipway …` as a user runs it: a separate JVM, its environment, what it reads on stdin, its exit code and output. */
public final class CliProcess {
    public record Run(int exit, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    private final Path tmp;
    private final Map<String, String> env;

    public CliProcess(Path tmp, Map<String, String> env) {
        this.tmp = tmp;
        this.env = Map.copyOf(env);
    }

    /** The CLI of a user logged in to {@code server} by its environment, with a config folder of its own under {@code tmp}. */
    public static CliProcess against(TestServer server, Path tmp) {
        return new CliProcess(tmp, Map.of("SLIPWAY_URL", "http://127.0.0.1:" + server.apiPort(), "SLIPWAY_TOKEN", server.token(),
                "XDG_CONFIG_HOME", tmp.resolve("config").toString()));
    }

    public Run run(String... args) throws Exception {
        return runWithInput(null, args);
    }

    /** {@code stdin} null: an empty stdin (the end at once), as in a script. */
    Run runWithInput(String stdin, String... args) throws Exception {
        // C1 only and the serial collector: a short-lived CLI starts about twice as fast on a busy 2-core machine.
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "dev.slipway.cli.Main"));
        command.addAll(List.of(args));
        Path in = Files.createTempFile(tmp, "in", ".txt");
        Files.writeString(in, stdin == null ? "" : stdin, StandardCharsets.UTF_8);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(4, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("slipway " + String.join(" ", args) + " did not finish");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
