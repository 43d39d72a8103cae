package dev.slipway.project;

import java.time.Instant;

/**
 * One attempt to move an environment to a commit. {@code ref} is what was asked for, {@code commit}
 * the SHA it resolved to (null until checkout). {@code rollbackOf} is the release id a rollback
 * re-deploys, or null. {@code failedStep} and {@code reason} are set when it failed.
 */
public record Deployment(
        long id,
        String project,
        String environment,
        String ref,
        String commit,
        DeploymentStatus status,
        String failedStep,
        String reason,
        boolean rebuild,
        Long rollbackOf,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

    public Deployment withStatus(DeploymentStatus newStatus) {
        return new Deployment(id, project, environment, ref, commit, newStatus, failedStep, reason, rebuild, rollbackOf, createdAt, startedAt, finishedAt);
    }
}
