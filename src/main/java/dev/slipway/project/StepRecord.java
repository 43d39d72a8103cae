package dev.slipway.project;

import java.time.Instant;

/** What one step of one deployment did, and when. */
public record StepRecord(long deploymentId, int position, String name, StepOutcome outcome, Instant startedAt, Instant finishedAt, String message) {}
