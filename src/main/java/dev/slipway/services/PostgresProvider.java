package dev.slipway.services;

import dev.slipway.project.InvalidInputException;
import dev.slipway.store.SecretStore;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The {@code postgres} service: per environment a login role and a database it owns, on the cluster
 * named by {@code --postgres}, with a random password. Other roles (other environments) lose the
 * right to connect to it ({@code REVOKE ALL ... FROM PUBLIC}). Creation happens once, under a
 * cluster-wide advisory lock, so concurrent deployments (or two servers) never race on it.
 */
public final class PostgresProvider implements ServiceProvider {
    public static final String NAME = "postgres";
    /** Key space of our advisory locks, so they do not collide with an application's own. */
    private static final int LOCK_CLASS = 0x51_1b_3a_77;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ServiceUrl admin;
    private final SecretStore records;

    PostgresProvider(ServiceUrl admin, SecretStore records) {
        this.admin = admin;
        this.records = records;
    }

    /** Parses {@code --postgres} and checks that the admin connection works (10 s); bad input names the option. */
    public static PostgresProvider connect(String adminUrl, SecretStore records, Duration timeout) {
        ServiceUrl parsed = ServiceUrl.parse(NAME, adminUrl, "postgres", 5432);
        ServiceUrl url = parsed.path().isEmpty()
                ? new ServiceUrl(parsed.scheme(), parsed.user(), parsed.password(), parsed.host(), parsed.port(), "postgres")
                : parsed;
        PostgresProvider provider = new PostgresProvider(url, records);
        try {
            Checks.within(NAME, url.address(), timeout, remaining -> provider.selectOne(url.user(), url.password(), url.path(), remaining));
        } catch (ServiceUnavailableException e) {
            throw new InvalidInputException(NAME, "cannot use --postgres " + url + ": " + e.getMessage());
        }
        return provider;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean provisioned(String project, String environment) {
        return records.resource(project, environment, NAME).isPresent();
    }

    @Override
    public Provisioned provision(String project, String environment) {
        Map<String, String> record = records.resource(project, environment, NAME).orElseGet(() -> create(project, environment));
        String role = record.get("role");
        String password = record.get("password");
        String url = "postgres://" + ServiceUrl.encode(role) + ":" + ServiceUrl.encode(password) + "@" + admin.containerHost() + ":" + admin.port()
                + "/" + ServiceUrl.encode(record.get("database"));
        return new Provisioned(Map.of("DATABASE_URL", url), Map.of(), List.of(password));
    }

    private Map<String, String> create(String project, String environment) {
        String name = ResourceNames.database(project, environment);
        try (Connection c = adminConnection(Duration.ofSeconds(30))) {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
                lock.setInt(1, LOCK_CLASS);
                lock.setInt(2, name.hashCode());
                lock.execute();
            }
            // Another thread or server may have finished while we waited for the lock.
            var existing = records.resource(project, environment, NAME);
            if (existing.isPresent()) return existing.get();
            byte[] secret = new byte[24];
            RANDOM.nextBytes(secret);
            String password = HexFormat.of().formatHex(secret);
            try (Statement s = c.createStatement()) {
                // A role kept from an earlier environment of this name (deleted without --delete-data)
                // is taken over: its data comes back with the environment, under a new password.
                // The password is hex, so quoting it in the statement is safe.
                if (exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", name)) {
                    s.execute("ALTER ROLE " + quote(name) + " WITH LOGIN PASSWORD '" + password + "'");
                } else {
                    s.execute("CREATE ROLE " + quote(name) + " WITH LOGIN PASSWORD '" + password + "'");
                }
                if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", name)) {
                    s.execute("CREATE DATABASE " + quote(name) + " OWNER " + quote(name));
                }
                s.execute("REVOKE ALL ON DATABASE " + quote(name) + " FROM PUBLIC");
                s.execute("GRANT ALL ON DATABASE " + quote(name) + " TO " + quote(name));
            }
            return records.saveResourceIfAbsent(project, environment, NAME, Map.of("role", name, "database", name, "password", password));
        } catch (SQLException e) {
            throw new ServiceUnavailableException(NAME, "cannot create database " + name + " at " + admin.address() + ": " + e.getMessage());
        }
    }

    @Override
    public void check(String project, String environment, Duration timeout) {
        Map<String, String> record = records.resource(project, environment, NAME)
                .orElseThrow(() -> new ServiceUnavailableException(NAME, "no database has been provisioned for " + project + "/" + environment));
        Checks.within(NAME, admin.address(), timeout,
                remaining -> selectOne(record.get("role"), record.get("password"), record.get("database"), remaining));
    }

    @Override
    public String deprovision(String project, String environment, boolean deleteData) {
        var record = records.resource(project, environment, NAME);
        if (record.isEmpty()) return null;
        String database = record.get().get("database");
        String role = record.get().get("role");
        if (!deleteData) {
            records.deleteResource(project, environment, NAME);
            return "kept database " + database + " (role " + role + ") at " + admin.address();
        }
        try (Connection c = adminConnection(Duration.ofSeconds(30)); Statement s = c.createStatement()) {
            // FORCE (PostgreSQL 13+) ends the environment's open sessions; its containers are gone by now.
            s.execute("DROP DATABASE IF EXISTS " + quote(database) + " WITH (FORCE)");
            s.execute("DROP ROLE IF EXISTS " + quote(role));
        } catch (SQLException e) {
            throw new ServiceUnavailableException(NAME, "cannot drop database " + database + " at " + admin.address() + ": " + e.getMessage());
        }
        records.deleteResource(project, environment, NAME);
        return "deleted database " + database + " and role " + role + " at " + admin.address();
    }

    private void selectOne(String user, String password, String database, Duration timeout) throws Checks.Failure {
        try (Connection c = connection(user, password, database, timeout); Statement s = c.createStatement()) {
            s.setQueryTimeout(seconds(timeout));
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                rs.next();
            }
        } catch (SQLException e) {
            throw failure(e, user, database);
        }
    }

    /** The environment's role, password and database; empty before its first deployment. */
    java.util.Optional<Map<String, String>> record(String project, String environment) {
        return records.resource(project, environment, NAME);
    }

    ServiceUrl admin() {
        return admin;
    }

    Connection adminConnection(Duration timeout) throws SQLException {
        return connection(admin.user(), admin.password(), admin.path(), timeout);
    }

    private Connection connection(String user, String password, String database, Duration timeout) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", Integer.toString(seconds(timeout)));
        props.setProperty("loginTimeout", Integer.toString(seconds(timeout)));
        props.setProperty("socketTimeout", Integer.toString(seconds(timeout) + 5));
        props.setProperty("ApplicationName", "slipway");
        return DriverManager.getConnection("jdbc:postgresql://" + hostForJdbc() + ":" + admin.port() + "/" + ServiceUrl.encode(database), props);
    }

    private String hostForJdbc() {
        return admin.host().contains(":") && !admin.host().startsWith("[") ? "[" + admin.host() + "]" : admin.host();
    }

    /** One short reason per SQLSTATE a user can act on; the driver's message otherwise (it never holds the password). */
    private static Checks.Failure failure(SQLException e, String user, String database) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (root instanceof ConnectException) return new Checks.Failure("connection refused", false);
        if (root instanceof SocketTimeoutException) return new Checks.Failure("no answer", false);
        if (root instanceof UnknownHostException) return new Checks.Failure("unknown host", true);
        return switch (state) {
            case "28P01" -> new Checks.Failure("password authentication failed for role " + user, true);
            case "28000" -> new Checks.Failure("role " + user + " may not connect to database " + database + " (" + e.getMessage() + ")", true);
            case "3D000" -> new Checks.Failure("database " + database + " does not exist", true);
            case "57P03" -> new Checks.Failure("the server is starting up or shutting down", false);
            default -> new Checks.Failure(e.getMessage(), false);
        };
    }

    private static int seconds(Duration d) {
        return (int) Math.max(1, (d.toMillis() + 999) / 1000);
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
