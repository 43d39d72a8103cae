package dev.slipway.router;

import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
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
    private final RouterMetrics metrics;
    private final WebSocketTunnels tunnels;
    private Server server;
    private ServerConnector connector;
    private UpstreamProxy proxy;

    /** {@code metrics} null keeps the meters to itself (tests, or a router without a /metrics endpoint). */
    public Router(RouteTable table, RouterOptions options, MeterRegistry metrics) {
        this.table = Objects.requireNonNull(table, "table");
        this.options = Objects.requireNonNull(options, "options");
        this.metrics = new RouterMetrics(metrics);
        this.tunnels = new WebSocketTunnels(inFlight, options);
    }

    public Router(RouteTable table, RouterOptions options) {
        this(table, options, null);
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
        // Larger request heads get 431 from Jetty's parser before any handler runs.
        http.setRequestHeaderSize(options.maxRequestHeaderBytes());
        ServerConnector listener = new ServerConnector(jetty, new HttpConnectionFactory(http));
        listener.setHost(bindHost);
        listener.setPort(port);
        listener.setIdleTimeout(options.idleTimeout().toMillis());
        jetty.addConnector(listener);
        // Idle and trickling clients cost a buffer each, never a thread; this bounds how many there can be.
        jetty.addBean(new NetworkConnectionLimit(options.maxClientConnections(), listener));
        UpstreamProxy upstreamProxy = new UpstreamProxy(options, threads);
        SizeLimitHandler sizeLimit = new SizeLimitHandler(options.maxRequestBodyBytes(), -1);
        sizeLimit.setHandler(upstreamProxy);
        jetty.setHandler(new RoutingHandler(table, inFlight, metrics, tunnels, options.maxRequestBodyBytes(), sizeLimit));
        try {
            jetty.start();
        } catch (Exception e) {
            stopQuietly(jetty);
            throw new IllegalStateException("router cannot listen on " + bindHost + ":" + port + ": " + e.getMessage(), e);
        }
        server = jetty;
        connector = listener;
        proxy = upstreamProxy;
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

    /** Requests and tunnels in flight on every upstream that has any (what a standalone router reports). */
    public java.util.Map<Upstream, Integer> inFlight() {
        return inFlight.snapshot();
    }

    /** Open WebSocket tunnels to {@code upstream}. */
    public int tunnels(Upstream upstream) {
        return tunnels.openTo(upstream);
    }

    /** Pooled keep-alive connections from the router to {@code upstream}, idle or busy. */
    public synchronized int upstreamConnections(Upstream upstream) {
        return proxy == null ? 0 : proxy.connections(upstream);
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
        List<Upstream> retiring = List.copyOf(upstreams);
        boolean drained;
        try {
            drained = inFlight.awaitIdle(retiring, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        if (drained) {
            // Nothing is in flight, so every pooled connection to them is idle: close them before the containers stop.
            UpstreamProxy current;
            synchronized (this) {
                current = proxy;
            }
            if (current != null) {
                current.closeConnections(retiring);
            }
        } else {
            // WebSockets may stay open for hours; past the drain timeout they are closed, as the container stop would.
            // Plain requests still running are left to finish or be cut by the stop.
            tunnels.closeAll(retiring);
        }
        return drained;
    }

    /** Stops listening and closes all connections; requests still in flight are cut. */
    @Override
    public synchronized void close() {
        if (server != null) {
            stopQuietly(server);
            server = null;
            connector = null;
            proxy = null;
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
