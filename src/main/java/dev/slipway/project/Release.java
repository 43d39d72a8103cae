package dev.slipway.project;

import java.time.Instant;
import java.util.List;

/**
 * What a succeeded deployment left running. {@code configYaml} is the config snapshot (re-used by a
 * rollback), {@code webContainers} and {@code processContainers} the container ids it runs.
 */
public record Release(
        long id,
        String project,
        String environment,
        long deploymentId,
        String image,
        String commit,
        String configYaml,
        List<String> webContainers,
        List<String> processContainers,
        Instant createdAt) {}
