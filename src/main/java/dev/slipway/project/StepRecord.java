package dev.slipway.project;

import java.time.Instant;

/**
 * What one step of one deployment did, and when. {@code outcome} is how its run ended; a step the
 * pipeline undid afterwards (the failed one and every one before it) also has {@code undoneAt}, and
 * {@code undoMessage} says what its undo left behind, or is null when it removed everything.
 */
public record StepRecord(long deploymentId, int position, String name, StepOutcome outcome, Instant startedAt, Instant finishedAt, String message,
        Instant undoneAt, String undoMessage) {

    /** A step that has not been undone. */
    public StepRecord(long deploymentId, int position, String name, StepOutcome outcome, Instant startedAt, Instant finishedAt, String message) {
        this(deploymentId, position, name, outcome, startedAt, finishedAt, message, null, null);
    }
}
