package dev.slipway.local;

import dev.slipway.project.InvalidInputException;

/** A docker-compose.yml that Slipway did not write: it is never overwritten or run. */
public final class ForeignComposeFileException extends InvalidInputException {
    public ForeignComposeFileException(String message) {
        super("docker-compose.yml", message);
    }
}
