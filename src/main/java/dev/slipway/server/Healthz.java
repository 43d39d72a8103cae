package dev.slipway.server;

import dev.slipway.store.Store;
import dev.slipway.store.StoreException;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /healthz}: 200 while Slipway's own database answers, else 503 naming what is down, e.g.
 * {@code {"status": "down", "error": "database: unreachable (127.0.0.1:5432: connection refused)"}}; never a
 * stack trace or a password. It answers within {@link #DATABASE_TIMEOUT} and a little, which a probe can wait for.
 */
final class Healthz {
    /**
     * The pool waits up to 10 s for a connection while the database is down; a probe (Kubernetes' default
     * timeout is 1 s, Docker's 30 s) should hear sooner that it is.
     */
    static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(2);
    private static final int CONNECT_TIMEOUT_MILLIS = 500;
    private static final int DEFAULT_PORT = 5432;

    private final Store store;
    /** What the message names: the database server's HOST:PORT, or the embedded database. */
    private final String where;
    /** Where a TCP connection tells whether the database server listens; null for the embedded database (or a URL read no further). */
    private final InetSocketAddress server;
    /** A look at the database: what it found (null: it answers), and when it began. */
    private record Look(CompletableFuture<String> answer, long startedNanos) {}

    /**
     * At most one look at the database at a time: probes that come while one waits share it, and wait only
     * what is left of its timeout, so that during an outage only the first probe waits.
     */
    private final AtomicReference<Look> inFlight = new AtomicReference<>();

    Healthz(Store store, String dbUrlOrNull) {
        this.store = store;
        this.server = dbUrlOrNull == null ? null : address(dbUrlOrNull.strip());
        this.where = dbUrlOrNull == null ? "embedded database" : server == null ? "the database server" : server.getHostString() + ":" + server.getPort();
    }

    void handle(Context ctx) {
        String problem = database();
        Map<String, String> body = new LinkedHashMap<>();
        if (problem == null) {
            body.put("status", "ok");
            ctx.json(body);
        } else {
            body.put("status", "down");
            body.put("error", "database: " + problem);
            ctx.status(503).json(body);
        }
    }

    /** Null when the database answers; else what is wrong with it, in a few words. */
    private String database() {
        Look look = inFlight.get();
        if (look == null || look.answer().isDone()) {
            Look fresh = new Look(new CompletableFuture<>(), System.nanoTime());
            if (inFlight.compareAndSet(look, fresh)) {
                Thread.ofVirtual().name("healthz-database").start(() -> fresh.answer().complete(query()));
            }
            look = inFlight.get();
        }
        long left = look.startedNanos() + DATABASE_TIMEOUT.toNanos() - System.nanoTime();
        try {
            return look.answer().get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            String refused = refused();
            return "unreachable (" + where + ": " + (refused != null ? refused : "no answer within " + DATABASE_TIMEOUT.toSeconds() + " s") + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "not checked (interrupted)";
        } catch (ExecutionException e) {
            return "failing (" + e.getCause().getClass().getSimpleName() + ")";
        }
    }

    private String query() {
        try {
            // A lookup by key of a name no project can have ('-' cannot start one): one indexed read, no rows.
            store.project("-healthz");
            return null;
        } catch (StoreException e) {
            // A stopped server's last words on a pooled connection ("terminating connection due to administrator
            // command") say less than what a new connection meets now.
            String refused = e.isOutage() ? refused() : null;
            return (e.isOutage() ? "unreachable (" : "failing (") + where + ": " + (refused != null ? refused : firstLine(e.driverMessage())) + ")";
        } catch (RuntimeException e) {
            return "failing (" + firstLine(e.getMessage()) + ")";
        }
    }

    /** Why a TCP connection to the database server fails; null when it connects (or there is no server to ask). */
    private String refused() {
        if (server == null) return null;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.getHostString(), server.getPort()), CONNECT_TIMEOUT_MILLIS);
            return null;
        } catch (ConnectException e) {
            return "connection refused";
        } catch (java.net.UnknownHostException e) {
            return "unknown host " + server.getHostString();
        } catch (SocketTimeoutException e) {
            return "no TCP connection within " + CONNECT_TIMEOUT_MILLIS + " ms";
        } catch (IOException | IllegalArgumentException e) {
            return firstLine(e.getMessage());
        }
    }

    /**
     * HOST and PORT of {@code jdbc:postgresql://HOST:PORT/DB?…} or {@code postgres://USER:PASSWORD@HOST:PORT/DB}, as
     * {@link URI} reads them: only host and port, so no user part or password can slip into the message; null
     * when the URL has no single host (several hosts, a socket path).
     */
    static InetSocketAddress address(String dbUrl) {
        try {
            URI uri = URI.create(dbUrl.startsWith("jdbc:") ? dbUrl.substring(5) : dbUrl);
            if (uri.getHost() == null) return null;
            return InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String firstLine(String text) {
        if (text == null) return "no message";
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }
}
