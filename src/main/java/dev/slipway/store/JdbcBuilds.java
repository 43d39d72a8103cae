package dev.slipway.store;

import static dev.slipway.store.Jdbc.instant;
import static dev.slipway.store.Jdbc.micros;
import static dev.slipway.store.Jdbc.nullableLong;

import dev.slipway.project.BuildKind;
import dev.slipway.project.BuildRecord;
import dev.slipway.project.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link Builds} over JDBC, in the SQL both PostgreSQL and H2 run (see V3__builds.sql). */
final class JdbcBuilds implements Builds {
    private final Jdbc jdbc;

    JdbcBuilds(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public BuildRecord record(BuildRecord b) {
        Instant created = micros(b.createdAt() == null ? Instant.now() : b.createdAt());
        try {
            long id = jdbc.insert("INSERT INTO builds (project, environment, deployment_id, commit_sha, kind, reused_from, triggered_by,"
                    + " dockerfile, dockerfile_digest, base_image, base_image_id, no_cache, pulled, duration_ms, image, image_id, image_size,"
                    + " advisories, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "id",
                    b.project(), b.environment(), b.deploymentId(), b.commit(), b.kind(), b.reusedFrom(), b.triggeredBy(),
                    b.dockerfile(), b.dockerfileDigest(), b.baseImage(), b.baseImageId(), b.noCache(), b.pulled(),
                    b.duration() == null ? null : b.duration().toMillis(), b.image(), b.imageId(), b.imageSize(),
                    String.join("\n", b.advisories()), created);
            return build(id).orElseThrow();
        } catch (StoreException e) {
            if (e.isMissingParent()) {
                throw new NotFoundException("deployment " + b.deploymentId() + " or build " + b.reusedFrom() + " does not exist");
            }
            throw e;
        }
    }

    @Override
    public Optional<BuildRecord> build(long id) {
        return jdbc.queryOne("SELECT * FROM builds WHERE id = ?", JdbcBuilds::row, id);
    }

    @Override
    public Optional<BuildRecord> ofDeployment(long deploymentId) {
        return jdbc.queryOne("SELECT * FROM builds WHERE deployment_id = ? ORDER BY id DESC LIMIT 1", JdbcBuilds::row, deploymentId);
    }

    /** A {@code limit} of zero or less means no limit. */
    @Override
    public List<BuildRecord> ofProject(String project, String environment, int limit) {
        return jdbc.newestFirst("*", "builds", "", JdbcBuilds::row, project, environment, limit);
    }

    @Override
    public List<BuildRecord> unpruned(String project, String environment) {
        return jdbc.query("SELECT * FROM builds WHERE project = ? AND environment = ? AND kind = ? AND pruned_at IS NULL ORDER BY id",
                JdbcBuilds::row, project, environment, BuildKind.BUILT);
    }

    @Override
    public void markPruned(long id, Instant at) {
        if (jdbc.update("UPDATE builds SET pruned_at = ? WHERE id = ?", at, id) == 0) {
            throw new NotFoundException("build " + id + " does not exist");
        }
    }

    @Override
    public void recordDrift(long id, long against, List<String> lines) {
        if (jdbc.update("UPDATE builds SET drift = ?, drift_against = ? WHERE id = ?", String.join("\n", lines), against, id) == 0) {
            throw new NotFoundException("build " + id + " does not exist");
        }
    }

    @Override
    public Optional<Drift> drift(long id) {
        return jdbc.query("SELECT drift, drift_against FROM builds WHERE id = ? AND drift IS NOT NULL",
                rs -> new Drift(rs.getLong("drift_against"), List.of(rs.getString("drift").split("\n"))), id).stream().findFirst();
    }

    private static BuildRecord row(ResultSet rs) throws SQLException {
        Long millis = nullableLong(rs, "duration_ms");
        String advisories = rs.getString("advisories");
        return new BuildRecord(
                rs.getLong("id"),
                rs.getString("project"),
                rs.getString("environment"),
                rs.getLong("deployment_id"),
                rs.getString("commit_sha"),
                BuildKind.valueOf(rs.getString("kind")),
                nullableLong(rs, "reused_from"),
                rs.getString("triggered_by"),
                rs.getString("dockerfile"),
                rs.getString("dockerfile_digest"),
                rs.getString("base_image"),
                rs.getString("base_image_id"),
                rs.getBoolean("no_cache"),
                rs.getBoolean("pulled"),
                millis == null ? null : Duration.ofMillis(millis),
                rs.getString("image"),
                rs.getString("image_id"),
                nullableLong(rs, "image_size"),
                advisories == null || advisories.isEmpty() ? List.of() : List.of(advisories.split("\n")),
                instant(rs, "created_at"),
                instant(rs, "pruned_at"));
    }
}
