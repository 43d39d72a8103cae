package dev.slipway.store;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract on a real PostgreSQL: a database of its own per class run, emptied before each test.
 * Base URL from SLIPWAY_TEST_PG_URL, default the server scripts/start-postgres.sh starts.
 */
class PostgresStoreTest extends StoreContract {

    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres&password=postgres";

    static String adminUrl;
    static String testUrl;
    static String database;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void createDatabase() {
        String base = System.getenv().getOrDefault("SLIPWAY_TEST_PG_URL", DEFAULT_URL);
        adminUrl = base.contains("user=") ? base : base + (base.contains("?") ? "&" : "?") + "user=postgres&password=postgres";
        database = "slipway_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        testUrl = withDatabase(adminUrl, database);
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            fail("PostgreSQL for the store tests is not reachable at " + DbUrl.redact(adminUrl) + " (" + e.getMessage()
                    + "): run scripts/start-postgres.sh, or point SLIPWAY_TEST_PG_URL at a server", e);
        }
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        if (database == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Override
    protected Store openStore() {
        try (Connection c = DriverManager.getConnection(testUrl); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA public CASCADE");
            s.execute("CREATE SCHEMA public");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty test database " + database + ": " + e.getMessage(), e);
        }
        return Stores.open(dataDir, testUrl);
    }

    /** Replaces the database name in {@code jdbc:postgresql://HOST:PORT/DB?QUERY}. */
    static String withDatabase(String url, String name) {
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        String query = q < 0 ? "" : url.substring(q);
        return base.substring(0, base.lastIndexOf('/') + 1) + name + query;
    }
}
