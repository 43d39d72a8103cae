package dev.slipway.services;

import dev.slipway.project.InvalidInputException;
import dev.slipway.project.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An environment's database out and in, as plain-format SQL ({@code pg_dump}/{@code psql}, the
 * PostgreSQL client tools on the server's machine). Plain SQL rather than pg_dump's custom format:
 * it loads into a newer or older PostgreSQL (the laptop's {@code postgres:16-alpine} and the
 * cluster need not match), and a person can read it. Rather than JDBC {@code COPY} per table: the
 * schema (types, indexes, constraints, sequences, functions) is what pg_dump knows how to write.
 *
 * <p>A restore never touches the environment's database until the upload has loaded completely into
 * a new one ({@code --single-transaction}, stop at the first error, as the environment's own role);
 * then the two are swapped by renaming, so a failed restore changes nothing.
 */
public final class PostgresTransfer {
    /** {@code timeout} bounds each pg_dump or psql run. */
    public record Options(String pgDump, String psql, Duration timeout) {
        public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
        public static final Options DEFAULTS = new Options("pg_dump", "psql", DEFAULT_TIMEOUT);
    }

    // Not PostgresProvider's lock class: a restore and a first provisioning may not wait on each other.
    private static final int LOCK_CLASS = 0x51_1b_3a_78;
    private static final Duration SWAP_TIMEOUT = Duration.ofSeconds(20);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PostgresProvider provider;
    private final Path workDir;
    private final Options options;

    public PostgresTransfer(PostgresProvider provider, Path workDir, Options options) {
        this.provider = provider;
        this.workDir = workDir;
        this.options = options;
    }

    /** The environment's database as a plain SQL file in the work folder; the caller deletes it. */
    public Path dump(String project, String environment) {
        Map<String, String> record = record(project, environment);
        Path file = tempFile("dump", ".sql");
        List<String> command = new ArrayList<>(List.of(options.pgDump(), "--format=plain", "--no-owner", "--no-privileges",
                "--no-password", "--file", file.toString()));
        command.addAll(connection(record, record.get("database")));
        ClientTool.Result result = ClientTool.run(command, record.get("password"), null, options.timeout());
        if (!result.ok()) {
            delete(file);
            throw new ServiceUnavailableException(PostgresProvider.NAME, "pg_dump of database " + record.get("database") + " failed: " + result.describe());
        }
        return file;
    }

    /** Replaces the environment's database with {@code upload}, a plain-format dump; returns what was done. */
    public String restore(String project, String environment, Path upload) {
        Map<String, String> record = record(project, environment);
        String database = record.get("database");
        String role = record.get("role");
        String key = hex(16);
        Path script = tempFile("restore", ".sql");
        String incoming = "slipway_restore_" + hex(8);
        try {
            PsqlScript.prepare(upload, script, key);
            admin("CREATE DATABASE " + PostgresProvider.quote(incoming) + " OWNER " + PostgresProvider.quote(role),
                    "REVOKE ALL ON DATABASE " + PostgresProvider.quote(incoming) + " FROM PUBLIC",
                    "GRANT ALL ON DATABASE " + PostgresProvider.quote(incoming) + " TO " + PostgresProvider.quote(role));
            List<String> command = new ArrayList<>(List.of(options.psql(), "--no-psqlrc", "--quiet", "--no-password",
                    "--single-transaction", "--set", "ON_ERROR_STOP=1", "--output", "/dev/null"));
            command.addAll(connection(record, incoming));
            ClientTool.Result result = ClientTool.run(command, record.get("password"), script, options.timeout());
            if (!result.ok()) {
                dropQuietly(incoming);
                if (result.tail().stream().anyMatch(l -> l.contains("invalid command \\restrict"))) {
                    throw new ServiceUnavailableException(PostgresProvider.NAME, "psql on the server is too old to restore safely"
                            + " (it needs 13.22, 14.19, 15.14, 16.10, 17.6 or later); database " + database + " was not changed");
                }
                throw new InvalidInputException("dump", "the dump did not load (" + result.describe() + "); database " + database + " was not changed");
            }
            swap(database, incoming);
            return "restored database " + database + " from a dump of " + Files.size(upload) + " bytes";
        } catch (IOException e) {
            dropQuietly(incoming);
            throw new UncheckedIOException("cannot prepare the restore of " + database + ": " + e.getMessage(), e);
        } finally {
            delete(script);
        }
    }

    /**
     * Swaps the loaded database in by renaming. Renaming needs the old one free of sessions, and the
     * app reconnects at once: so connections to it are refused first, then the sessions ended.
     */
    private void swap(String database, String incoming) {
        String retired = "slipway_retired_" + hex(8);
        try (Connection c = provider.adminConnection(Duration.ofSeconds(30)); Statement s = c.createStatement()) {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
                lock.setInt(1, LOCK_CLASS);
                lock.setInt(2, database.hashCode());
                lock.execute();
            }
            s.execute("ALTER DATABASE " + PostgresProvider.quote(database) + " WITH ALLOW_CONNECTIONS false");
            try {
                renameWhenFree(c, database, retired);
            } catch (SQLException e) {
                s.execute("ALTER DATABASE " + PostgresProvider.quote(database) + " WITH ALLOW_CONNECTIONS true");
                throw e;
            }
            s.execute("ALTER DATABASE " + PostgresProvider.quote(incoming) + " RENAME TO " + PostgresProvider.quote(database));
            s.execute("DROP DATABASE " + PostgresProvider.quote(retired) + " WITH (FORCE)");
        } catch (SQLException e) {
            dropQuietly(incoming);
            throw new ServiceUnavailableException(PostgresProvider.NAME, "cannot swap the restored database in for " + database + ": " + e.getMessage());
        }
    }

    private static void renameWhenFree(Connection c, String database, String retired) throws SQLException {
        Instant deadline = Instant.now().plus(SWAP_TIMEOUT);
        while (true) {
            try (PreparedStatement end = c.prepareStatement(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                end.setString(1, database);
                end.execute();
            }
            try (Statement s = c.createStatement()) {
                s.execute("ALTER DATABASE " + PostgresProvider.quote(database) + " RENAME TO " + PostgresProvider.quote(retired));
                return;
            } catch (SQLException busy) {
                // 55006: sessions that were told to end have not gone yet.
                if (!"55006".equals(busy.getSQLState()) || Instant.now().isAfter(deadline)) throw busy;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for the sessions of " + database + " to end");
            }
        }
    }

    private Map<String, String> record(String project, String environment) {
        return provider.record(project, environment).orElseThrow(() -> new NotFoundException(
                "no database has been provisioned for " + project + "/" + environment + " (it is made at its first deployment)"));
    }

    private List<String> connection(Map<String, String> record, String database) {
        ServiceUrl admin = provider.admin();
        return List.of("--host", admin.host(), "--port", Integer.toString(admin.port()), "--username", record.get("role"), "--dbname", database);
    }

    private void admin(String... statements) {
        try (Connection c = provider.adminConnection(Duration.ofSeconds(30)); Statement s = c.createStatement()) {
            for (String sql : statements) s.execute(sql);
        } catch (SQLException e) {
            throw new ServiceUnavailableException(PostgresProvider.NAME, "cannot prepare a database to restore into: " + e.getMessage());
        }
    }

    private void dropQuietly(String database) {
        try {
            admin("DROP DATABASE IF EXISTS " + PostgresProvider.quote(database) + " WITH (FORCE)");
        } catch (ServiceUnavailableException e) {
            // Left behind under a slipway_restore_ name; it holds no environment's data.
        }
    }

    private Path tempFile(String prefix, String suffix) {
        try {
            Files.createDirectories(workDir);
            return Files.createTempFile(workDir, prefix, suffix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write in " + workDir + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover temporary file in the work folder; the next start does not depend on it
        }
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
