package dev.slipway.deploy;

/** A step failed for a reason the user can act on; the message is that reason, in one sentence. */
public class StepFailedException extends RuntimeException {
    public StepFailedException(String message) {
        super(message);
    }

    public StepFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
