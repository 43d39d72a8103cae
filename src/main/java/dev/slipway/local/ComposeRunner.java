package dev.slipway.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the compose tool in a project folder, passing each output line on as it comes (stdout and
 * stderr merged, as a terminal shows them) and keeping the last lines for error messages.
 */
public final class ComposeRunner {
    static final int TAIL_LINES = 40;

    private final ComposeTool tool;
    private final Path dir;
    private final String projectName;
    private final Map<String, String> env;

    /** {@code projectName} is compose's {@code -p}; null lets compose choose (COMPOSE_PROJECT_NAME or the folder). */
    public ComposeRunner(ComposeTool tool, Path dir, String projectName, Map<String, String> env) {
        this.tool = tool;
        this.dir = dir;
        this.projectName = projectName;
        this.env = Map.copyOf(env);
    }

    public record Result(int exitCode, List<String> tail, boolean timedOut) {
        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }
    }

    /** The full command line for {@code args}: data, so that tests can compare it. */
    public List<String> commandLine(List<String> args) {
        List<String> command = new ArrayList<>(tool.command());
        command.addAll(List.of("-f", LocalProject.COMPOSE_FILE));
        if (projectName != null) {
            command.addAll(List.of("-p", projectName));
        }
        command.addAll(args);
        return command;
    }

    /** {@code timeout} null: until the tool ends by itself (logs --follow, stopped with Ctrl-C). */
    public Result run(List<String> args, Duration timeout, Consumer<String> output) {
        return run(args, timeout, output, null, null);
    }

    /**
     * With {@code stdin} (a file the command reads, such as a dump to load) and {@code stdout} (a file
     * that gets the command's output, such as a dump; then only stderr reaches {@code output}); null: as above.
     */
    public Result run(List<String> args, Duration timeout, Consumer<String> output, Path stdin, Path stdout) {
        ProcessBuilder pb = new ProcessBuilder(commandLine(args)).directory(dir.toFile()).redirectErrorStream(stdout == null)
                .redirectInput(stdin == null ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(stdin.toFile()));
        if (stdout != null) {
            pb.redirectOutput(stdout.toFile());
        }
        pb.environment().putAll(env);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + tool.describe() + ": " + e.getMessage(), e);
        }
        Deque<String> tail = new ArrayDeque<>();
        java.io.InputStream shown = stdout == null ? process.getInputStream() : process.getErrorStream();
        Thread reader = Thread.ofVirtual().start(() -> pump(shown, tail, output));
        try {
            boolean ended;
            if (timeout == null) {
                process.waitFor();
                ended = true;
            } else {
                ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (!ended) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
                process.destroyForcibly();
            }
            reader.join(Duration.ofSeconds(10));
            synchronized (tail) {
                return new Result(ended ? process.exitValue() : -1, List.copyOf(tail), !ended);
            }
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + tool.describe(), e);
        }
    }

    private static void pump(java.io.InputStream stream, Deque<String> tail, Consumer<String> output) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.accept(line);
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // The process ended or was stopped; what was read is what there is.
        }
    }
}
