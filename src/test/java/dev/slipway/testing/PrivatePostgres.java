package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster of the test's own (initdb in a temporary folder, its own port, loopback only),
 * so that a test can stop "the database" without touching the shared server other tests use.
 * Runs as the postgres system user, as PostgreSQL refuses root.
 */
public final class PrivatePostgres implements AutoCloseable {
    public static final String PASSWORD = "private-admin";
    private final Path dir;
    private final int port;
    private final String bin;

    private PrivatePostgres(Path dir, int port, String bin) {
        this.dir = dir;
        this.port = port;
        this.bin = bin;
    }

    public static PrivatePostgres start() {
        String bin = binDir();
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "slipway-private-pg-");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Files.writeString(dir.resolve("pw"), PASSWORD + "\n");
            run("chown -R postgres " + dir + " && chmod 700 " + dir, Duration.ofSeconds(10));
            PrivatePostgres pg = new PrivatePostgres(dir, port, bin);
            pg.asPostgres(bin + "/initdb -D " + dir + "/data -U postgres --auth=scram-sha-256 --pwfile=" + dir + "/pw", Duration.ofSeconds(60));
            pg.startServer();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String adminUrl() {
        return "postgres://postgres:" + PASSWORD + "@127.0.0.1:" + port + "/postgres";
    }

    public void startServer() {
        asPostgres(bin + "/pg_ctl -D " + dir + "/data -l " + dir + "/log -w -t 60 -o \"-p " + port
                + " -c listen_addresses=127.0.0.1 -k " + dir + "\" start", Duration.ofSeconds(90));
    }

    public void stopServer() {
        asPostgres(bin + "/pg_ctl -D " + dir + "/data -w -t 60 -m fast stop", Duration.ofSeconds(90));
    }

    @Override
    public void close() {
        try {
            stopServer();
        } catch (RuntimeException | AssertionError alreadyStopped) {
            // stopped by the test (pg_ctl then exits non-zero, which run() reports as an AssertionError)
        }
        run("rm -rf " + dir, Duration.ofSeconds(30));
    }

    private void asPostgres(String command, Duration timeout) {
        run("su postgres -s /bin/sh -c '" + command.replace("'", "'\\''") + "'", timeout);
    }

    private static String binDir() {
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.sorted().reduce((a, b) -> b).map(p -> p.resolve("bin").toString())
                    .orElseThrow(() -> new AssertionError("PostgreSQL is not installed: run scripts/start-postgres.sh"));
        } catch (IOException e) {
            throw new AssertionError("PostgreSQL is not installed (/usr/lib/postgresql): run scripts/start-postgres.sh", e);
        }
    }

    private static void run(String shell, Duration timeout) {
        try {
            Process p = new ProcessBuilder(List.of("/bin/sh", "-c", shell)).redirectErrorStream(true).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + shell);
            }
            String out = new String(p.getInputStream().readAllBytes());
            if (p.exitValue() != 0) throw new AssertionError("failed (" + p.exitValue() + "): " + shell + "\n" + out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + shell, e);
        }
    }
}
