package dev.slipway.services;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One run of a client tool: the password in PGPASSWORD (never in the command line), stderr kept for the message. */
final class ClientTool {
    private ClientTool() {}

    record Result(int exit, boolean timedOut, List<String> tail, Duration timeout) {
        boolean ok() {
            return exit == 0 && !timedOut;
        }

        String describe() {
            String last = tail.isEmpty() ? "no output" : String.join(" / ", tail);
            return timedOut ? "did not finish within " + timeout.toMinutes() + " min" : "exit " + exit + ": " + last;
        }
    }

    static Result run(List<String> command, String password, Path stdin, Duration timeout) {
        Path errors = null;
        try {
            errors = Files.createTempFile("slipway-pg", ".err");
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(errors.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new File("/dev/null")) : ProcessBuilder.Redirect.from(stdin.toFile()));
            pb.environment().put("PGPASSWORD", password);
            pb.environment().put("PGCONNECT_TIMEOUT", "10");
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new ServiceUnavailableException(PostgresProvider.NAME, command.get(0) + " cannot be run on the server (" + e.getMessage()
                        + "); install the PostgreSQL client tools (Debian: apt-get install postgresql-client)");
            }
            boolean ended = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            List<String> lines = Files.readAllLines(errors);
            List<String> tail = lines.subList(Math.max(0, lines.size() - 5), lines.size()).stream().map(String::strip).toList();
            return new Result(ended ? p.exitValue() : -1, !ended, tail, timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        } finally {
            if (errors != null) errors.toFile().delete();
        }
    }
}
