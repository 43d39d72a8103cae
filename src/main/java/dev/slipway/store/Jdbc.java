package dev.slipway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The JDBC plumbing JdbcStore needs: one pooled connection per call, or one transaction for several statements. */
final class Jdbc {

    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return withConnection(sql, c -> query(c, sql, mapper, params));
    }

    /**
     * Rows of a project, of one environment when {@code environment} is not null, newest (highest id)
     * first; a {@code limit} of zero or less means no limit. {@code from} is "table [alias]" and
     * {@code prefix} the alias with its dot ("r.") or empty.
     */
    <T> List<T> newestFirst(String columns, String from, String prefix, RowMapper<T> mapper, String project, String environment, int limit) {
        String sql = "SELECT " + columns + " FROM " + from + " WHERE " + prefix + "project = ?"
                + (environment == null ? "" : " AND " + prefix + "environment = ?") + " ORDER BY " + prefix + "id DESC LIMIT ?";
        int rows = limit <= 0 ? Integer.MAX_VALUE : limit;
        return environment == null ? query(sql, mapper, project, rows) : query(sql, mapper, project, environment, rows);
    }

    <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        return query(sql, mapper, params).stream().findFirst();
    }

    int update(String sql, Object... params) {
        return withConnection(sql, c -> update(c, sql, params));
    }

    long insert(String sql, String idColumn, Object... params) {
        return withConnection(sql, c -> insert(c, sql, idColumn, params));
    }

    /** Runs {@code work} in one transaction, rolled back when it throws. */
    <T> T inTransaction(String what, Work<T> work) {
        return withConnection(what, c -> {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        }
    }

    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    /** Inserts one row and returns its generated key (RETURNING on PostgreSQL, generated keys on H2: the driver chooses). */
    static long insert(Connection c, String sql, String idColumn, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql, new String[] {idColumn})) {
            bind(ps, params);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("no generated key returned for " + idColumn);
                }
                return keys.getLong(1);
            }
        }
    }

    /**
     * Both databases keep microseconds; truncating here makes what we return equal what we read back.
     */
    static Instant micros(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.MICROS);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof Instant at) {
                p = OffsetDateTime.ofInstant(micros(at), ZoneOffset.UTC);
            } else if (p instanceof Enum<?> e) {
                p = e.name();
            }
            ps.setObject(i + 1, p);
        }
    }

    private <T> T withConnection(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException("database statement failed (" + summary(what) + "): " + e.getMessage(), e);
        }
    }

    private static String summary(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 60) + "…";
    }
}
