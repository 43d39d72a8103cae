package dev.slipway.project;

/** A named thing (project, environment, deployment, release) does not exist. Maps to HTTP 404. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
