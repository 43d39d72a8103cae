package dev.slipway.build;

/** A build input the Dockerfile names (a requirement file) cannot be read; the message names file and line. */
public class UnreadableInputException extends RuntimeException {
    public UnreadableInputException(String message) {
        super(message);
    }
}
