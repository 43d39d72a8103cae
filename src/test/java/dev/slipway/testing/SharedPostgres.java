package dev.slipway.testing;

import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The PostgreSQL server scripts/start-postgres.sh starts (127.0.0.1:5432, postgres/postgres), as the
 * admin connection of the postgres service. Tests create databases with their own random prefix
 * and drop exactly those.
 */
public final class SharedPostgres {
    public static final String ADMIN_URL = "postgres://postgres:postgres@127.0.0.1:5432/postgres";
    private static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private SharedPostgres() {}

    public static Connection admin() {
        try {
            return DriverManager.getConnection(JDBC, "postgres", "postgres");
        } catch (SQLException e) {
            return fail("PostgreSQL is not reachable at 127.0.0.1:5432 (" + e.getMessage() + "): run scripts/start-postgres.sh", e);
        }
    }

    public static List<String> strings(String sql) {
        try (Connection c = admin(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) out.add(rs.getString(1));
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void execute(String sql) {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Drops the databases and roles whose names start with {@code prefix} (the test's own). */
    public static void dropAll(String prefix) {
        String like = prefix.replace("_", "\\_") + "%";
        for (String db : strings("SELECT datname FROM pg_database WHERE datname LIKE '" + like + "'")) {
            execute("DROP DATABASE IF EXISTS \"" + db + "\" WITH (FORCE)");
        }
        for (String role : strings("SELECT rolname FROM pg_roles WHERE rolname LIKE '" + like + "'")) {
            execute("DROP ROLE IF EXISTS \"" + role + "\"");
        }
    }
}
