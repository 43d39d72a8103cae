package dev.slipway.project;

import java.time.Instant;

/** A Git repository Slipway deploys. {@code mirrorOf} names the original project of a mirror, or is null. */
public record Project(String name, String repoUrl, String mirrorOf, Instant createdAt) {
    public Project {
        Names.require("name", name);
        if (repoUrl == null || repoUrl.isBlank()) {
            throw new InvalidInputException("repo", "a repository URL is required");
        }
    }
}
