package dev.slipway.store;

import java.sql.SQLException;

/** The database failed or cannot be reached; the message says what Slipway was doing and names the database without its password. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** SQLSTATE 23505 on both PostgreSQL and H2. */
    boolean isUniqueViolation() {
        return "23505".equals(sqlState());
    }

    /** A referenced row is missing: 23503 on PostgreSQL, 23506 on H2. */
    boolean isMissingParent() {
        String state = sqlState();
        return "23503".equals(state) || "23506".equals(state);
    }

    private String sqlState() {
        return getCause() instanceof SQLException sql ? sql.getSQLState() : null;
    }
}
