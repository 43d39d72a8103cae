package dev.slipway.deploy;

/** A deployment was asked not to queue, and the environment is already deploying. Maps to HTTP 409. */
public class BusyException extends RuntimeException {
    public BusyException(String message) {
        super(message);
    }
}
