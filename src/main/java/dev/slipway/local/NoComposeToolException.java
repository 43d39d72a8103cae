package dev.slipway.local;

import dev.slipway.project.InvalidInputException;

/** Neither docker compose (v2) nor docker-compose (v1) can be run. */
public final class NoComposeToolException extends InvalidInputException {
    public NoComposeToolException(String message) {
        super("compose", message);
    }
}
