package dev.slipway.router;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.ServerChannelRecvByteBufAllocator;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.EventExecutor;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP/1.1 reverse proxy in front of all environments: routes by Host header over a
 * {@link RouteTable}, switches atomically, and counts requests per upstream so a retiring release
 * can be drained before it is stopped. Built on Netty's event loops and HTTP codecs; see
 * {@link ClientConnection} and {@link Exchange} for what happens to one request.
 */
public final class Router implements Routes, AutoCloseable {
    /** New client connections accepted per pass of an event loop, when that many are waiting. */
    static final int ACCEPTS_PER_PASS = 64;

    static {
        // Leak tracking samples buffers and records where they went, on every request; tests turn it on.
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    private final RouteTable table;
    private final RouterOptions options;
    private final InFlight inFlight = new InFlight();
    private final RouterMetrics metrics;
    private final WebSocketTunnels tunnels = new WebSocketTunnels();
    private final ConcurrentHashMap<Upstream, Integer> upstreamConnections = new ConcurrentHashMap<>();
    private Transport transport;
    private Channel listener;
    private List<UpstreamPool> pools = List.of();

    /** {@code metrics} null keeps the meters to itself (tests, or a router without a /metrics endpoint). */
    public Router(RouteTable table, RouterOptions options, MeterRegistry metrics) {
        this.table = Objects.requireNonNull(table, "table");
        this.options = Objects.requireNonNull(options, "options");
        this.metrics = new RouterMetrics(metrics);
    }

    public Router(RouteTable table, RouterOptions options) {
        this(table, options, null);
    }

    public Router(RouteTable table) {
        this(table, RouterOptions.DEFAULTS);
    }

    /** Listens on {@code bindHost:port} (port 0 picks a free one; see {@link #port()}). */
    public synchronized Router start(String bindHost, int port) {
        if (listener != null) {
            throw new IllegalStateException("router already started on port " + port());
        }
        int loops = options.effectiveEventLoops();
        Transport started = Transport.create("router", loops);
        List<UpstreamPool> loopPools = new ArrayList<>();
        Map<EventExecutor, UpstreamPool> poolOf = new IdentityHashMap<>();
        for (EventExecutor loop : started.loops()) {
            UpstreamPool pool = new UpstreamPool((EventLoop) loop, started, options, loops, upstreamConnections);
            loopPools.add(pool);
            poolOf.put(loop, pool);
        }
        Routing routing = new Routing(table, options, inFlight, metrics, tunnels);
        AtomicInteger clients = new AtomicInteger();
        Channel[] server = new Channel[1];
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(started.loops())
                .channel(started.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                // Netty accepts one connection per pass of the event loop: under load, the last of a burst
                // of 1,000 new clients then waited seconds to be accepted.
                .option(ChannelOption.RCVBUF_ALLOCATOR, acceptsPerPass())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        limitClients(server[0], ch, clients);
                        // Larger request heads get 431 (or 414 for the request line) before any routing.
                        ch.pipeline().addLast(new ClientRequestDecoder(new HttpDecoderConfig()
                                .setMaxInitialLineLength(options.maxRequestHeaderBytes())
                                .setMaxHeaderSize(options.maxRequestHeaderBytes())
                                .setStrictLineParsing(true).setUseRfc9112TransferEncoding(true), options.maxRequestHeaderBytes()));
                        ClientConnection connection = new ClientConnection(routing, poolOf.get(ch.eventLoop()));
                        ch.pipeline().addLast(connection.encoder());
                        ch.pipeline().addLast(connection);
                    }
                });
        try {
            server[0] = bootstrap.bind(bindHost, port).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            started.loops().shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("router cannot listen on " + bindHost + ":" + port + ": " + e.getMessage(), e);
        }
        transport = started;
        listener = server[0];
        pools = List.copyOf(loopPools);
        return this;
    }

    /**
     * Idle and trickling clients cost a buffer each, never a thread; past the limit the router stops
     * accepting until some leave, so they cannot exhaust memory or file descriptors.
     */
    private void limitClients(Channel server, Channel client, AtomicInteger clients) {
        if (clients.incrementAndGet() >= options.maxClientConnections() && server != null) {
            server.config().setAutoRead(false);
        }
        client.closeFuture().addListener(f -> {
            if (clients.getAndDecrement() == options.maxClientConnections() && server != null) {
                server.config().setAutoRead(true);
            }
        });
    }

    /** The port it listens on; the chosen one when started with port 0. */
    public synchronized int port() {
        if (listener == null) {
            throw new IllegalStateException("router is not started");
        }
        return ((InetSocketAddress) listener.localAddress()).getPort();
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
    public Map<Upstream, Integer> inFlight() {
        return inFlight.snapshot();
    }

    /** Open WebSocket tunnels to {@code upstream}. */
    public int tunnels(Upstream upstream) {
        return tunnels.openTo(upstream);
    }

    /** Open keep-alive connections from the router to {@code upstream}, idle or busy. */
    public int upstreamConnections(Upstream upstream) {
        return upstreamConnections.getOrDefault(upstream, 0);
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
            closeIdleConnections(retiring);
        } else {
            // WebSockets may stay open for hours; past the drain timeout they are closed, as the container stop would.
            // Plain requests still running are left to finish or be cut by the stop.
            tunnels.closeAll(retiring);
        }
        return drained;
    }

    private void closeIdleConnections(List<Upstream> retiring) {
        List<UpstreamPool> current;
        synchronized (this) {
            current = pools;
        }
        for (UpstreamPool pool : current) {
            if (pool.loop().inEventLoop()) {
                pool.closeIdle(retiring);
                continue;
            }
            pool.loop().submit(() -> pool.closeIdle(retiring)).awaitUninterruptibly();
            // Closing finishes in tasks of its own on the loop; this one runs after them.
            pool.loop().submit(() -> { }).awaitUninterruptibly();
        }
    }

    /** Stops listening and closes all connections; requests still in flight are cut. */
    @Override
    public synchronized void close() {
        if (listener != null) {
            listener.close().awaitUninterruptibly();
            transport.loops().shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
            listener = null;
            transport = null;
            pools = List.of();
        }
    }

    /** Up to {@link #ACCEPTS_PER_PASS} accepts per pass, until the listening socket has no more waiting. */
    private static ServerChannelRecvByteBufAllocator acceptsPerPass() {
        ServerChannelRecvByteBufAllocator allocator = new ServerChannelRecvByteBufAllocator();
        allocator.maxMessagesPerRead(ACCEPTS_PER_PASS);
        // Its guess of whether more are waiting is made for reads (all the bytes asked for came): after an
        // accept it always says no. Accepting stops when the socket says so instead.
        allocator.respectMaybeMoreData(false);
        return allocator;
    }
}
