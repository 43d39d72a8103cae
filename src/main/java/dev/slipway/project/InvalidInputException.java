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

    /** The value quoted for a message, cut at 60 characters: a 100,000-character input is not echoed back whole. */
    public static String quoted(String value) {
        if (value == null) return "null";
        return value.length() <= 60 ? "'" + value + "'" : "'" + value.substring(0, 60) + "…' (" + value.length() + " characters)";
    }
}
