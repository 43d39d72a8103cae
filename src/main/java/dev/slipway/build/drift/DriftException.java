package dev.slipway.build.drift;

/** The images could be found but not read or compared; the message says why. */
public class DriftException extends RuntimeException {
    public DriftException(String message) {
        super(message);
    }

    public DriftException(String message, Throwable cause) {
        super(message, cause);
    }
}
