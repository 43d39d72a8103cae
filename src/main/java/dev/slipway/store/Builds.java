package dev.slipway.store;

import dev.slipway.project.BuildRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Build records (table {@code builds}): how each deployment got its image. */
public interface Builds {

    /** Inserts the record and returns it with its id and creation time. */
    BuildRecord record(BuildRecord build);

    Optional<BuildRecord> build(long id);

    /** The newest record of a deployment (one per deployment in practice). */
    Optional<BuildRecord> ofDeployment(long deploymentId);

    /** Newest first; {@code environment} null means all of the project's environments. */
    List<BuildRecord> ofProject(String project, String environment, int limit);

    /** Images this environment built whose image has not been removed yet, oldest first. */
    List<BuildRecord> unpruned(String project, String environment);

    void markPruned(long id, Instant at);

    /** Keeps the drift report of build {@code id} against the earlier build {@code against}. */
    void recordDrift(long id, long against, List<String> lines);

    /** The stored drift report of a build: the build it was compared with, and the report's lines. */
    Optional<Drift> drift(long id);

    record Drift(long against, List<String> lines) {}
}
