package dev.slipway.store;

import java.sql.SQLException;

/** The database failed or cannot be reached; the message says what Slipway was doing and names the database without its password. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The database could not be reached or dropped the connection (SQLSTATE class 08; 57P01-57P03, a
     * server shutting down or starting up; or the pool gave up waiting for a connection), as opposed to a
     * statement it refused: worth waiting for, not a bug.
     */
    public boolean isOutage() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /** What the driver said last (e.g. "Connection to 127.0.0.1:5432 refused…"), the most telling part of an outage. */
    public String driverMessage() {
        String message = getMessage();
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLException && t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message;
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
