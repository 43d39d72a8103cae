package dev.slipway.router;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The HTTP/1.1 reverse proxy in front of all environments: routes by Host header over a
 * {@link RouteTable}, switches atomically, and counts requests per upstream so a retiring release
 * can be drained before it is stopped.
 */
public final class Router implements Routes, AutoCloseable {

    private final RouteTable table;
    private final RouterOptions options;
    private final InFlight inFlight = new InFlight();
    private Server server;
    private ServerConnector connector;

    public Router(RouteTable table, RouterOptions options) {
        this.table = Objects.requireNonNull(table, "table");
        this.options = Objects.requireNonNull(options, "options");
    }

    public Router(RouteTable table) {
        this(table, RouterOptions.DEFAULTS);
    }

    /** Listens on {@code bindHost:port} (port 0 picks a free one; see {@link #port()}). */
    public synchronized Router start(String bindHost, int port) {
        if (server != null) {
            throw new IllegalStateException("router already started on port " + port());
        }
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("router");
        Server jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        // The upstream's own Server and Date headers are passed through; do not add a second pair.
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        http.setSendXPoweredBy(false);
        ServerConnector listener = new ServerConnector(jetty, new HttpConnectionFactory(http));
        listener.setHost(bindHost);
        listener.setPort(port);
        listener.setIdleTimeout(options.idleTimeout().toMillis());
        jetty.addConnector(listener);
        UpstreamProxy proxy = new UpstreamProxy(options);
        SizeLimitHandler sizeLimit = new SizeLimitHandler(options.maxRequestBodyBytes(), -1);
        sizeLimit.setHandler(proxy);
        jetty.setHandler(new RoutingHandler(table, inFlight, options.maxRequestBodyBytes(), sizeLimit));
        try {
            jetty.start();
        } catch (Exception e) {
            stopQuietly(jetty);
            throw new IllegalStateException("router cannot listen on " + bindHost + ":" + port + ": " + e.getMessage(), e);
        }
        server = jetty;
        connector = listener;
        return this;
    }

    /** The port it listens on; the chosen one when started with port 0. */
    public synchronized int port() {
        if (connector == null) {
            throw new IllegalStateException("router is not started");
        }
        return connector.getLocalPort();
    }

    public RouteTable table() {
        return table;
    }

    public RouterOptions options() {
        return options;
    }

    /** Requests being served by {@code upstream} right now. */
    public int inFlight(Upstream upstream) {
        return inFlight.count(upstream);
    }

    @Override
    public void declare(String project, String environment) {
        table.declare(project, environment);
    }

    @Override
    public void forget(String project, String environment) {
        table.forget(project, environment);
    }

    @Override
    public void switchTo(String project, String environment, List<Upstream> upstreams) {
        table.switchTo(project, environment, upstreams);
    }

    @Override
    public List<Upstream> upstreams(String project, String environment) {
        return table.upstreams(project, environment);
    }

    @Override
    public boolean drain(List<Upstream> upstreams, Duration timeout) {
        try {
            return inFlight.awaitIdle(List.copyOf(upstreams), timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops listening and closes all connections; requests still in flight are cut. */
    @Override
    public synchronized void close() {
        if (server != null) {
            stopQuietly(server);
            server = null;
            connector = null;
        }
    }

    private static void stopQuietly(Server jetty) {
        try {
            jetty.stop();
        } catch (Exception e) {
            // Closing is best effort: the port is released when the process ends anyway.
        }
    }
}
