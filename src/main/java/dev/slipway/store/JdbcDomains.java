package dev.slipway.store;

import dev.slipway.project.Domain;
import dev.slipway.project.DomainTakenException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** DomainStore over the {@code domains} table (migration V4). */
final class JdbcDomains implements DomainStore {

    private static final String COLUMNS = "host, project, environment, created_at";

    private final Jdbc jdbc;

    JdbcDomains(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void add(Domain domain) {
        Optional<Domain> owner = find(domain.host());
        if (owner.isPresent()) {
            requireSameOwner(owner.get(), domain);
            return;
        }
        try {
            jdbc.update("INSERT INTO domains (" + COLUMNS + ") VALUES (?, ?, ?, ?)", domain.host(), domain.project(), domain.environment(),
                    domain.createdAt() == null ? Instant.now() : domain.createdAt());
        } catch (StoreException e) {
            // Another request claimed it between the look-up and the insert.
            Optional<Domain> winner = e.isUniqueViolation() ? find(domain.host()) : Optional.empty();
            if (winner.isEmpty()) {
                throw e;
            }
            requireSameOwner(winner.get(), domain);
        }
    }

    private static void requireSameOwner(Domain owner, Domain wanted) {
        if (!owner.project().equals(wanted.project()) || !owner.environment().equals(wanted.environment())) {
            throw new DomainTakenException("host '" + wanted.host() + "' already belongs to " + owner.project() + "/" + owner.environment()
                    + "; remove it there before adding it to " + wanted.project() + "/" + wanted.environment());
        }
    }

    @Override
    public Optional<Domain> find(String host) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM domains WHERE host = ?", JdbcDomains::row, host);
    }

    @Override
    public boolean remove(String host) {
        return jdbc.update("DELETE FROM domains WHERE host = ?", host) > 0;
    }

    @Override
    public List<Domain> of(String project, String environment) {
        return jdbc.query("SELECT " + COLUMNS + " FROM domains WHERE project = ? AND environment = ? ORDER BY host", JdbcDomains::row, project, environment);
    }

    @Override
    public List<Domain> all() {
        return jdbc.query("SELECT " + COLUMNS + " FROM domains ORDER BY host", JdbcDomains::row);
    }

    private static Domain row(ResultSet rs) throws SQLException {
        return new Domain(rs.getString("host"), rs.getString("project"), rs.getString("environment"), Jdbc.instant(rs, "created_at"));
    }
}
