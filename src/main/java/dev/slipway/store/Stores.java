package dev.slipway.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** Opens the store: the embedded H2 database under the data directory, or PostgreSQL when a URL names it. */
public final class Stores {

    /** H2 in PostgreSQL mode with lower-case identifiers, so the one set of migrations and queries runs on both. */
    // WRITE_DELAY=0: H2 otherwise writes commits to disk up to 500 ms late, and a server killed with
    // -9 would come back without its last steps (crash recovery depends on them).
    static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";

    /**
     * H2's file system over {@code AsynchronousFileChannel}. With its default ({@code FileChannel}), a thread
     * interrupted while it writes (a deployment's, when the server stops) closes the file, and with it the
     * database for every other thread until a restart.
     */
    static final String H2_FILES = "jdbc:h2:async:";

    /** H2's DATABASE_ALREADY_OPEN_1: another process holds the file lock. */
    private static final int H2_DATABASE_IN_USE = 90020;

    private Stores() {}

    /**
     * {@code jdbcUrlOrNull} null means the embedded database at {@code dataDir/db/slipway}; otherwise a
     * PostgreSQL URL ({@code jdbc:postgresql://HOST:PORT/DB?user=U&password=P} or {@code postgres://U:P@HOST:PORT/DB}).
     * Applies pending migrations before returning.
     */
    public static Store open(Path dataDir, String jdbcUrlOrNull) {
        return open(dataDir, jdbcUrlOrNull, null);
    }

    /** As {@link #open(Path, String)}, sealing repository URLs with {@code cipher} (null: the data folder's key). */
    public static Store open(Path dataDir, String jdbcUrlOrNull, SecretCipher cipher) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("slipway-store");
        // Fail on open, with the reason, rather than on the first query.
        config.setInitializationFailTimeout(1);
        config.setConnectionTimeout(10_000);
        String described;
        if (jdbcUrlOrNull == null) {
            Path file = embeddedFile(dataDir);
            described = "embedded database " + file;
            config.setDriverClassName("org.h2.Driver");
            config.setJdbcUrl(H2_FILES + file + H2_OPTIONS);
        } else {
            DbUrl url = DbUrl.parse(jdbcUrlOrNull.trim());
            described = url.describe();
            config.setDriverClassName("org.postgresql.Driver");
            config.setJdbcUrl(url.jdbcUrl());
            config.setUsername(url.user());
            config.setPassword(url.password());
        }
        HikariDataSource pool = connect(config, described, dataDir);
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        } catch (FlywayException e) {
            pool.close();
            throw new StoreException("cannot migrate " + described + ": " + e.getMessage(), e);
        }
        JdbcStore store;
        try {
            // The same key as variables (SLIPWAY_SECRET_KEY or DATA/secret-key): repository URLs may hold tokens.
            store = new JdbcStore(new Jdbc(pool), pool, cipher != null ? cipher : SecretCipher.load(dataDir));
            store.sealRepositoryUrls();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return store;
    }

    /** Variables and service credentials, in the same database as {@code store}, sealed with {@code cipher}. */
    public static SecretStore secrets(Store store, SecretCipher cipher) {
        return new JdbcSecretStore(((JdbcStore) store).jdbc(), cipher);
    }

    /** Deleting environments and projects, in the same database as {@code store}. */
    public static Removal removal(Store store) {
        return new Removal(((JdbcStore) store).jdbc());
    }

    private static Path embeddedFile(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize().resolve("db");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("cannot create the database directory " + dir + ": " + e, e);
        }
        return dir.resolve("slipway");
    }

    private static HikariDataSource connect(HikariConfig config, String described, Path dataDir) {
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            SQLException sql = firstSqlException(e);
            if (sql != null && sql.getErrorCode() == H2_DATABASE_IN_USE) {
                throw new StoreException("cannot open " + described + ": another process is using it"
                        + " (is another slipway server running with --data " + dataDir + "?)", e);
            }
            // The driver's own exception says it best ("Connection to HOST:PORT refused", "password authentication failed").
            Throwable reason = sql != null ? sql : rootCause(e);
            throw new StoreException("cannot connect to " + described + ": " + reason.getMessage(), e);
        }
    }

    private static SQLException firstSqlException(Throwable t) {
        for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }
}
