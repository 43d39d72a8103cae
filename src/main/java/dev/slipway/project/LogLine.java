package dev.slipway.project;

import java.time.Instant;

/** One line of a deployment's log; {@code seq} orders lines within the deployment, from 1. */
public record LogLine(long deploymentId, long seq, Instant at, String step, String text) {}
