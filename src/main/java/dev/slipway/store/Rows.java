package dev.slipway.store;

import static dev.slipway.store.Jdbc.instant;
import static dev.slipway.store.Jdbc.nullableLong;

import dev.slipway.project.Deployment;
import dev.slipway.project.DeploymentStatus;
import dev.slipway.project.Environment;
import dev.slipway.project.LogLine;
import dev.slipway.project.Release;
import dev.slipway.project.StepOutcome;
import dev.slipway.project.StepRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Maps rows of the V1 schema to domain records. */
final class Rows {
    private Rows() {}

    static Environment environment(ResultSet rs) throws SQLException {
        return new Environment(rs.getString("project"), rs.getString("name"), rs.getString("branch"));
    }

    static Deployment deployment(ResultSet rs) throws SQLException {
        return new Deployment(
                rs.getLong("id"),
                rs.getString("project"),
                rs.getString("environment"),
                rs.getString("git_ref"),
                rs.getString("commit_sha"),
                DeploymentStatus.valueOf(rs.getString("status")),
                rs.getString("failed_step"),
                rs.getString("reason"),
                rs.getBoolean("rebuild"),
                nullableLong(rs, "rollback_of"),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"));
    }

    static StepRecord step(ResultSet rs) throws SQLException {
        return new StepRecord(
                rs.getLong("deployment_id"),
                rs.getInt("step_index"),
                rs.getString("name"),
                StepOutcome.valueOf(rs.getString("outcome")),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                rs.getString("message"),
                instant(rs, "undone_at"),
                rs.getString("undo_message"));
    }

    static LogLine logLine(ResultSet rs) throws SQLException {
        return new LogLine(rs.getLong("deployment_id"), rs.getLong("seq"), instant(rs, "logged_at"), rs.getString("step"), rs.getString("line"));
    }

    static Release release(ResultSet rs) throws SQLException {
        return new Release(
                rs.getLong("id"),
                rs.getString("project"),
                rs.getString("environment"),
                rs.getLong("deployment_id"),
                rs.getString("image"),
                rs.getString("commit_sha"),
                rs.getString("config_yaml"),
                splitIds(rs.getString("web_containers")),
                splitIds(rs.getString("process_containers")),
                instant(rs, "created_at"));
    }

    static String joinIds(List<String> ids) {
        for (String id : ids) {
            if (id.isEmpty() || id.contains(",")) {
                throw new IllegalArgumentException("container id '" + id + "' cannot be stored: it is empty or contains a comma");
            }
        }
        return String.join(",", ids);
    }

    static List<String> splitIds(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }
}
