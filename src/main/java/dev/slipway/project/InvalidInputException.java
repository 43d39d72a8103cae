package dev.slipway.project;

/** Bad input from a user; {@code field} names what was wrong. Maps to HTTP 400 and a non-zero CLI exit. */
public class InvalidInputException extends RuntimeException {
    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
