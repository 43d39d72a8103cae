package dev.slipway.local;

import dev.slipway.project.InvalidInputException;

/** A command that needs the compose file, run where there is none. */
public final class NoComposeFileException extends InvalidInputException {
    public NoComposeFileException(String message) {
        super("docker-compose.yml", message);
    }
}
