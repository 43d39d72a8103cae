package dev.slipway.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * {@code bin/slipway …} as a user runs it, the launcher script included, without {@code mvn package}:
 * a copy of bin/slipway in a home of its own, whose target/slipway.jar is a manifest-only jar over this
 * build's classes and dependencies. The launcher builds only when src/main or pom.xml beside it is newer
 * than the jar, and this home has neither; examples/ and scripts/ are links to the repository's.
 */
public final class Launcher {
    public record Run(int exit, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    private final Path home;
    private final Path tmp;
    private final Map<String, String> env = new HashMap<>();

    private Launcher(Path home, Path tmp) {
        this.home = home;
        this.tmp = tmp;
    }

    /** A launcher home under {@code dir}; HOME is {@code dir/user}, so no test reads or writes the real one. */
    public static Launcher create(Path dir) {
        try {
            Path repo = Path.of("").toAbsolutePath();
            Path home = Files.createDirectories(dir.resolve("slipway-home"));
            Files.createDirectories(home.resolve("bin"));
            Files.copy(repo.resolve("bin/slipway"), home.resolve("bin/slipway"), StandardCopyOption.COPY_ATTRIBUTES);
            Files.createSymbolicLink(home.resolve("examples"), repo.resolve("examples"));
            Files.createSymbolicLink(home.resolve("scripts"), repo.resolve("scripts"));
            writeJar(Files.createDirectories(home.resolve("target")).resolve("slipway.jar"));
            Launcher launcher = new Launcher(home, Files.createDirectories(dir.resolve("launcher-runs")));
            launcher.env.put("JAVA_HOME", System.getProperty("java.home"));
            // C1 only and the serial collector: a short-lived CLI starts about twice as fast on a busy 2-core machine.
            launcher.env.put("SLIPWAY_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
            launcher.env.put("HOME", Files.createDirectories(dir.resolve("user")).toString());
            // a developer's own settings never reach a test
            for (String name : List.of("SLIPWAY_URL", "SLIPWAY_TOKEN", "SLIPWAY_DATA", "XDG_CONFIG_HOME")) launcher.env.put(name, null);
            return launcher;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeJar(Path jar) throws IOException {
        StringBuilder classPath = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!classPath.isEmpty()) classPath.append(' ');
            classPath.append(Path.of(entry).toAbsolutePath().toUri());
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.slipway.cli.Main");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath.toString());
        manifest.getMainAttributes().put(new Attributes.Name("Enable-Native-Access"), "ALL-UNNAMED");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // the manifest is the whole jar
        }
    }

    public Path home() {
        return home;
    }

    /** Sets (or, with null, removes) a variable of every later run's environment. */
    public Launcher env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Writes an executable {@code name} into a folder put first on PATH; it appends its arguments to {@code calls}. */
    public Launcher stub(String name, Path calls) {
        try {
            Path bin = Files.createDirectories(tmp.resolve("stub-bin"));
            Path script = bin.resolve(name);
            Files.writeString(script, "#!/bin/sh\necho \"" + name + " $*\" >> '" + calls + "'\nexit 1\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            env.put("PATH", bin + ":" + System.getenv("PATH"));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Run run(Path cwd, String... args) {
        return runWithInput(cwd, null, args);
    }

    /** {@code stdin} null: an empty stdin (the end at once), as in a script. */
    public Run runWithInput(Path cwd, String stdin, String... args) {
        return runWith(cwd, stdin, builder(cwd, args).command(), args);
    }

    private Run runWith(Path cwd, String stdin, List<String> command, String... args) {
        try {
            Path in = Files.createTempFile(tmp, "in", ".txt");
            Files.writeString(in, stdin == null ? "" : stdin, StandardCharsets.UTF_8);
            Path out = Files.createTempFile(tmp, "out", ".txt");
            Path err = Files.createTempFile(tmp, "err", ".txt");
            ProcessBuilder pb = builder(cwd, args).command(command);
            pb.environment().put("SHELL", "/bin/sh");
            Process p = pb.redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("slipway " + String.join(" ", args) + " did not finish in 3 minutes");
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Runs another program (a shell script that calls {@code slipway}) with the environment every run here gets. */
    public Run runProgram(Path cwd, List<String> command) {
        return runWith(cwd, null, command, command.toArray(String[]::new));
    }

    /**
     * Each command as {@link #run} would answer it, all in one JVM ({@link CliBatch}) on the launcher's jar,
     * environment and Java options: for tests of many commands that are not about the launcher script.
     */
    public List<Run> runEach(Path cwd, List<List<String>> commands) {
        try {
            Path batch = Files.createTempDirectory(tmp, "batch");
            Path plan = batch.resolve("plan.txt");
            List<String> lines = new ArrayList<>();
            for (List<String> command : commands) {
                if (command.stream().anyMatch(arg -> arg.contains("\t") || arg.contains("\n"))) {
                    throw new IllegalArgumentException("a batched command's arguments hold no tab or newline: " + command);
                }
                lines.add(String.join("\t", command));
            }
            Files.write(plan, lines, StandardCharsets.UTF_8);
            List<String> java = new ArrayList<>(List.of(Path.of(env.get("JAVA_HOME"), "bin", "java").toString()));
            java.addAll(List.of(env.getOrDefault("SLIPWAY_JAVA_OPTS", "").split(" +")));
            java.removeIf(String::isEmpty);
            java.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", home.resolve("target/slipway.jar").toString(),
                    CliBatch.class.getName(), plan.toString(), batch.toString()));
            Run whole = runWith(cwd, null, java, "(batch of " + commands.size() + " commands)");
            if (whole.exit() != 0) throw new AssertionError("the batch of " + commands.size() + " commands exited with " + whole.exit() + "\n" + whole.all());
            List<Run> runs = new ArrayList<>();
            for (int i = 0; i < commands.size(); i++) {
                runs.add(new Run(Integer.parseInt(Files.readString(batch.resolve(i + ".exit")).strip()),
                        Files.readString(batch.resolve(i + ".out")), Files.readString(batch.resolve(i + ".err"))));
            }
            return runs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * As a user at a terminal runs it: util-linux {@code script} gives the command a pseudo-terminal for
     * stdin and stdout and types {@code typed} into it. The output also holds what was typed (echoed).
     */
    public Run runAtTerminal(Path cwd, String typed, String... args) {
        StringBuilder line = new StringBuilder();
        for (String word : builder(cwd, args).command()) line.append('\'').append(word.replace("'", "'\\''")).append("' ");
        return runWith(cwd, typed, List.of("script", "-qec", line.toString().strip(), "/dev/null"), args);
    }

    /** A long-running command (server, quickstart); stderr goes to stdout. The caller ends it. */
    public Process start(Path cwd, String... args) {
        try {
            return builder(cwd, args).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ProcessBuilder builder(Path cwd, String... args) {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/slipway").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        env.forEach((name, value) -> {
            if (value == null) pb.environment().remove(name);
            else pb.environment().put(name, value);
        });
        return pb;
    }
}
