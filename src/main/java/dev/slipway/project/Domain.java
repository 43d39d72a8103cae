package dev.slipway.project;

import java.time.Instant;

/** A custom host that an environment answers at, besides {@code <env>.<project>.<base-domain>}. */
public record Domain(String host, String project, String environment, Instant createdAt) {}
