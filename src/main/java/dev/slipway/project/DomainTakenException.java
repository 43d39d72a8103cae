package dev.slipway.project;

/** A host already belongs to another environment; a user frees it there first. Maps to HTTP 409. */
public final class DomainTakenException extends RuntimeException {
    public DomainTakenException(String message) {
        super(message);
    }
}
