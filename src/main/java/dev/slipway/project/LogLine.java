package dev.slipway.project;

import java.time.Instant;

/** One line of a deployment's log; {@code seq} grows with each line of the deployment (not from 1, not gapless). */
public record LogLine(long deploymentId, long seq, Instant at, String step, String text) {}
