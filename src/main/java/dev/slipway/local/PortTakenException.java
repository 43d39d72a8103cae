package dev.slipway.local;

import dev.slipway.project.InvalidInputException;

/** The port the web would be published on is taken on 127.0.0.1. */
public final class PortTakenException extends InvalidInputException {
    public PortTakenException(String message) {
        super("SLIPWAY_LOCAL_PORT", message);
    }
}
