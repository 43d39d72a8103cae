package dev.slipway.deploy;

/**
 * What was asked cannot be done in the state things are in now: a deployment asked not to queue while
 * the environment is deploying, or a cancel of a deployment that has already started. Maps to HTTP 409.
 */
public class BusyException extends RuntimeException {
    public BusyException(String message) {
        super(message);
    }
}
