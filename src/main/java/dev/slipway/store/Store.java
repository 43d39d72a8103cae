package dev.slipway.store;

import dev.slipway.project.Deployment;
import dev.slipway.project.DeploymentStatus;
import dev.slipway.project.Environment;
import dev.slipway.project.LogLine;
import dev.slipway.project.Project;
import dev.slipway.project.Release;
import dev.slipway.project.StepOutcome;
import dev.slipway.project.StepRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Persistence of projects, environments, deployments, their steps and logs, and releases. */
public interface Store extends AutoCloseable {

    /** Inserts the project and its default environments; throws InvalidInputException when the name is taken. */
    void createProject(Project project, List<Environment> environments);

    Optional<Project> project(String name);

    List<Project> projects();

    void createEnvironment(Environment environment);

    Optional<Environment> environment(String project, String name);

    List<Environment> environments(String project);

    /** Inserts a QUEUED deployment and returns it with its new id. */
    Deployment createDeployment(String project, String environment, String ref, boolean rebuild, Long rollbackOf);

    Optional<Deployment> deployment(long id);

    /** Newest first; {@code environment} null means all of the project's environments. */
    List<Deployment> deployments(String project, String environment, int limit);

    /** All deployments in one of the given statuses (for crash recovery). */
    List<Deployment> deploymentsIn(DeploymentStatus... statuses);

    /** Moves a queued deployment to running; false when it is no longer queued (it was cancelled). */
    boolean markStarted(long deploymentId, Instant at);

    /** Ends a queued deployment as cancelled, with {@code reason}; false when it is no longer queued (it started, or ended). */
    boolean cancel(long deploymentId, String reason, Instant at);

    void setCommit(long deploymentId, String commit);

    void finish(long deploymentId, DeploymentStatus status, String failedStep, String reason, Instant at);

    void recordStep(StepRecord step);

    /** Updates the outcome/finish/message of the step at {@code position}. */
    void finishStep(long deploymentId, int position, StepOutcome outcome, Instant at, String message);

    /** Records that the pipeline undid the step at {@code position}; {@code message}: what the undo left behind, or null. */
    void undoneStep(long deploymentId, int position, Instant at, String message);

    List<StepRecord> steps(long deploymentId);

    /** Appends a log line and returns its sequence number. */
    long appendLog(long deploymentId, Instant at, String step, String text);

    /** Appends the lines in one transaction and returns their sequence numbers, in order. */
    long[] appendLogs(long deploymentId, Instant at, String step, List<String> texts);

    /**
     * Deletes the deployment's lines with {@code keptSeq < seq <= lastSeq} and makes the line {@code keptSeq}
     * say {@code text}: one line in their place that tells what was dropped.
     */
    void dropLog(long deploymentId, long keptSeq, long lastSeq, String text);

    /** Lines with {@code seq > afterSeq}, in order. */
    List<LogLine> log(long deploymentId, long afterSeq);

    /** Inserts a release and makes it the environment's current one. Returns it with its id. */
    Release createRelease(Release release);

    Optional<Release> currentRelease(String project, String environment);

    Optional<Release> release(long id);

    /** Newest first. */
    List<Release> releases(String project, String environment, int limit);

    /** Build records: how each deployment got its image. */
    Builds builds();

    /** The custom hosts of environments. */
    DomainStore domains();

    @Override
    void close();
}
