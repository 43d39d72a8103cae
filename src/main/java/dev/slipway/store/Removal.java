package dev.slipway.store;

import dev.slipway.project.InvalidInputException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Deletes an environment or a project with everything the store holds about it (deployments, their
 * steps and logs, releases, variables, service records), in one transaction. What lives outside
 * the store (containers, databases, buckets) is the caller's to remove first.
 */
public final class Removal {
    private final Jdbc jdbc;

    Removal(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void deleteEnvironment(String project, String environment) {
        jdbc.inTransaction("delete environment", c -> {
            deleteRows(c, "project = ? AND environment = ?", "project = ? AND name = ?", project, environment);
            return null;
        });
    }

    /** Throws when the project cannot be deleted (it is the original of a mirror). */
    public void requireDeletable(String project) {
        List<String> mirrors = jdbc.query("SELECT name FROM projects WHERE mirror_of = ? ORDER BY name", rs -> rs.getString(1), project);
        if (!mirrors.isEmpty()) {
            throw new InvalidInputException("project", "project '" + project + "' is the original of " + String.join(", ", mirrors)
                    + "; delete the mirror(s) first");
        }
    }

    public void deleteProject(String project) {
        requireDeletable(project);
        jdbc.inTransaction("delete project", c -> {
            deleteRows(c, "project = ?", "project = ?", project);
            Jdbc.update(c, "DELETE FROM projects WHERE name = ?", project);
            return null;
        });
    }

    private static void deleteRows(Connection c, String byEnv, String envRow, Object... key) throws SQLException {
        String deployments = "SELECT id FROM deployments WHERE " + byEnv;
        Jdbc.update(c, "UPDATE environments SET current_release_id = NULL WHERE " + envRow, key);
        Jdbc.update(c, "DELETE FROM deployment_log WHERE deployment_id IN (" + deployments + ")", key);
        Jdbc.update(c, "DELETE FROM deployment_steps WHERE deployment_id IN (" + deployments + ")", key);
        // A build another environment re-used (promotion, mirror) stays named by image on that row.
        Jdbc.update(c, "UPDATE builds SET reused_from = NULL WHERE reused_from IN (SELECT id FROM builds WHERE " + byEnv + ")", key);
        Jdbc.update(c, "DELETE FROM builds WHERE " + byEnv, key);
        Jdbc.update(c, "DELETE FROM domains WHERE " + byEnv, key);
        Jdbc.update(c, "DELETE FROM releases WHERE " + byEnv, key);
        Jdbc.update(c, "DELETE FROM deployments WHERE " + byEnv, key);
        Jdbc.update(c, "DELETE FROM environment_variables WHERE " + byEnv, key);
        Jdbc.update(c, "DELETE FROM service_resources WHERE " + byEnv, key);
        Jdbc.update(c, "DELETE FROM environments WHERE " + envRow, key);
    }
}
