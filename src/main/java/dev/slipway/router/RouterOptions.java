package dev.slipway.router;

import java.time.Duration;
import java.util.Objects;

/**
 * How patient and how generous the router is.
 *
 * @param connectTimeout        how long to wait for an upstream to accept a connection (then 502 or 504)
 * @param idleTimeout           how long an idle keep-alive connection stays open, on both sides
 * @param responseTimeout       how long an upstream may stay silent while a request waits on it (then 504);
 *                              measured between bytes, so long streaming responses are fine
 * @param maxRequestBodyBytes   larger request bodies are refused with 413
 * @param maxConnectionsPerUpstream size of the keep-alive pool to one upstream; further requests queue
 */
public record RouterOptions(Duration connectTimeout, Duration idleTimeout, Duration responseTimeout,
                            long maxRequestBodyBytes, int maxConnectionsPerUpstream) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Same as nginx's keepalive and proxy read timeouts, which users of a reverse proxy already know. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    public static final long DEFAULT_MAX_REQUEST_BODY_BYTES = 100L * 1024 * 1024;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_UPSTREAM = 256;

    public static final RouterOptions DEFAULTS = new RouterOptions(DEFAULT_CONNECT_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
            DEFAULT_RESPONSE_TIMEOUT, DEFAULT_MAX_REQUEST_BODY_BYTES, DEFAULT_MAX_CONNECTIONS_PER_UPSTREAM);

    public RouterOptions {
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("idleTimeout", idleTimeout);
        requirePositive("responseTimeout", responseTimeout);
        if (maxRequestBodyBytes <= 0) {
            throw new IllegalArgumentException("maxRequestBodyBytes must be positive, was " + maxRequestBodyBytes);
        }
        if (maxConnectionsPerUpstream <= 0) {
            throw new IllegalArgumentException("maxConnectionsPerUpstream must be positive, was " + maxConnectionsPerUpstream);
        }
    }

    public RouterOptions withConnectTimeout(Duration value) {
        return new RouterOptions(value, idleTimeout, responseTimeout, maxRequestBodyBytes, maxConnectionsPerUpstream);
    }

    public RouterOptions withIdleTimeout(Duration value) {
        return new RouterOptions(connectTimeout, value, responseTimeout, maxRequestBodyBytes, maxConnectionsPerUpstream);
    }

    public RouterOptions withResponseTimeout(Duration value) {
        return new RouterOptions(connectTimeout, idleTimeout, value, maxRequestBodyBytes, maxConnectionsPerUpstream);
    }

    public RouterOptions withMaxRequestBodyBytes(long value) {
        return new RouterOptions(connectTimeout, idleTimeout, responseTimeout, value, maxConnectionsPerUpstream);
    }

    public RouterOptions withMaxConnectionsPerUpstream(int value) {
        return new RouterOptions(connectTimeout, idleTimeout, responseTimeout, maxRequestBodyBytes, value);
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
