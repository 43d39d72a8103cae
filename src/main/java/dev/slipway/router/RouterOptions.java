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
 * @param maxRequestHeaderBytes  request line and headers larger than this are refused with 431
 * @param maxClientConnections  open client connections beyond this wait to be accepted, so slow or idle
 *                              clients cannot exhaust memory or file descriptors
 * @param eventLoops            threads that serve connections; 0 picks {@link #defaultEventLoops()}
 */
public record RouterOptions(Duration connectTimeout, Duration idleTimeout, Duration responseTimeout,
                            long maxRequestBodyBytes, int maxConnectionsPerUpstream,
                            int maxRequestHeaderBytes, int maxClientConnections, int eventLoops) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Same as nginx's keepalive and proxy read timeouts, which users of a reverse proxy already know. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    public static final long DEFAULT_MAX_REQUEST_BODY_BYTES = 100L * 1024 * 1024;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_UPSTREAM = 256;
    /** nginx answers 400 past 8 KiB per header line (large_client_header_buffers); 16 KiB in all leaves room for big cookies. */
    public static final int DEFAULT_MAX_REQUEST_HEADER_BYTES = 16 * 1024;
    /** Each costs a file descriptor and a few KiB; the default soft limit of open files is often 65,536. */
    public static final int DEFAULT_MAX_CLIENT_CONNECTIONS = 20_000;

    public static final RouterOptions DEFAULTS = new RouterOptions(DEFAULT_CONNECT_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
            DEFAULT_RESPONSE_TIMEOUT, DEFAULT_MAX_REQUEST_BODY_BYTES, DEFAULT_MAX_CONNECTIONS_PER_UPSTREAM,
            DEFAULT_MAX_REQUEST_HEADER_BYTES, DEFAULT_MAX_CLIENT_CONNECTIONS, 0);

    /**
     * One event loop per two processors, at least one: the router shares its host with the containers it
     * routes to, and every request it passes costs the app at least as much CPU as the router. Measured on
     * two cores with wrk, the router and a static nginx sharing them (no docker-proxy in between), in
     * interleaved runs: one loop's median was 1.3 times two loops' in both series (29.6k against 22.3k,
     * 39.0k against 29.5k requests/s), and it spent 21-30 µs of CPU per request against 30-39 µs.
     * Through Docker's port publishing (docker-proxy) two loops had been ahead (15-18k against 14-15k),
     * since docker-proxy was then the bottleneck; Slipway no longer goes through it on Linux.
     */
    public static int defaultEventLoops() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    /** The number of event loops to run: {@link #eventLoops()}, or the default when it is 0. */
    public int effectiveEventLoops() {
        return eventLoops > 0 ? eventLoops : defaultEventLoops();
    }

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
        if (maxRequestHeaderBytes < 1024) {
            throw new IllegalArgumentException("maxRequestHeaderBytes must be at least 1024, was " + maxRequestHeaderBytes);
        }
        if (eventLoops < 0) {
            throw new IllegalArgumentException("eventLoops must be 0 (automatic) or more, was " + eventLoops);
        }
        if (maxClientConnections <= 0) {
            throw new IllegalArgumentException("maxClientConnections must be positive, was " + maxClientConnections);
        }
    }

    public RouterOptions withConnectTimeout(Duration value) {
        return new RouterOptions(value, idleTimeout, responseTimeout, maxRequestBodyBytes, maxConnectionsPerUpstream, maxRequestHeaderBytes, maxClientConnections, eventLoops);
    }

    public RouterOptions withIdleTimeout(Duration value) {
        return new RouterOptions(connectTimeout, value, responseTimeout, maxRequestBodyBytes, maxConnectionsPerUpstream, maxRequestHeaderBytes, maxClientConnections, eventLoops);
    }

    public RouterOptions withResponseTimeout(Duration value) {
        return new RouterOptions(connectTimeout, idleTimeout, value, maxRequestBodyBytes, maxConnectionsPerUpstream, maxRequestHeaderBytes, maxClientConnections, eventLoops);
    }

    public RouterOptions withMaxRequestBodyBytes(long value) {
        return new RouterOptions(connectTimeout, idleTimeout, responseTimeout, value, maxConnectionsPerUpstream, maxRequestHeaderBytes, maxClientConnections, eventLoops);
    }

    public RouterOptions withMaxConnectionsPerUpstream(int value) {
        return new RouterOptions(connectTimeout, idleTimeout, responseTimeout, maxRequestBodyBytes, value, maxRequestHeaderBytes, maxClientConnections, eventLoops);
    }

    public RouterOptions withMaxRequestHeaderBytes(int value) {
        return new RouterOptions(connectTimeout, idleTimeout, responseTimeout, maxRequestBodyBytes, maxConnectionsPerUpstream, value, maxClientConnections, eventLoops);
    }

    public RouterOptions withMaxClientConnections(int value) {
        return new RouterOptions(connectTimeout, idleTimeout, responseTimeout, maxRequestBodyBytes, maxConnectionsPerUpstream, maxRequestHeaderBytes, value, eventLoops);
    }

    public RouterOptions withEventLoops(int value) {
        return new RouterOptions(connectTimeout, idleTimeout, responseTimeout, maxRequestBodyBytes, maxConnectionsPerUpstream, maxRequestHeaderBytes, maxClientConnections, value);
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
