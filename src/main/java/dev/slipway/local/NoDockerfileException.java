package dev.slipway.local;

import dev.slipway.project.InvalidInputException;

/** The project folder has no Dockerfile to build the web image from. */
public final class NoDockerfileException extends InvalidInputException {
    public NoDockerfileException(String message) {
        super("dockerfile", message);
    }
}
