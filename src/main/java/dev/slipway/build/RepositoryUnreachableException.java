package dev.slipway.build;

import dev.slipway.project.InvalidInputException;

/** The repository cannot be listed or fetched: wrong URL, no such path, refused, or not authorized. */
public class RepositoryUnreachableException extends InvalidInputException {
    private final String repository;
    private final String reason;

    public RepositoryUnreachableException(String repository, String reason) {
        super("repo", "repository " + repository + " cannot be read: " + reason);
        this.repository = repository;
        this.reason = reason;
    }

    /** The URL without credentials. */
    public String repository() {
        return repository;
    }

    public String reason() {
        return reason;
    }
}
