package dev.slipway.router;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestEncoder;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The keep-alive connections of one event loop to every upstream. Only that loop's thread touches
 * it, so it needs no locks, and an exchange always gets a connection on its own thread. Each loop
 * may open its share of {@link RouterOptions#maxConnectionsPerUpstream()}; past that, exchanges wait
 * for a connection to come back.
 */
final class UpstreamPool {

    private static final int MAX_RESPONSE_HEAD_BYTES = 64 * 1024;

    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final RouterOptions options;
    private final int maxPerUpstream;
    private final ConcurrentHashMap<Upstream, Integer> counts;
    private final Map<Upstream, ArrayDeque<UpstreamConnection>> idle = new HashMap<>();
    private final Map<Upstream, ArrayDeque<Exchange>> waiting = new HashMap<>();
    private final Map<Upstream, Integer> open = new HashMap<>();

    /** {@code counts} is shared by the pools of all loops: the router's total per upstream. */
    UpstreamPool(EventLoop loop, Transport transport, RouterOptions options, int loops,
                 ConcurrentHashMap<Upstream, Integer> counts) {
        this.loop = loop;
        this.options = options;
        this.counts = counts;
        this.maxPerUpstream = Math.max(1, (options.maxConnectionsPerUpstream() + loops - 1) / loops);
        this.bootstrap = new Bootstrap().group(loop).channel(transport.clientChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true);
    }

    EventLoop loop() {
        return loop;
    }

    /** Hands {@code exchange} a connection to {@code upstream}: an idle one, a new one, or the next one freed. */
    void acquire(Upstream upstream, Exchange exchange) {
        ArrayDeque<UpstreamConnection> ready = idle.get(upstream);
        if (ready != null) {
            for (UpstreamConnection connection; (connection = ready.pollLast()) != null; ) {
                if (connection.isActive()) {
                    exchange.connected(connection);
                    return;
                }
            }
        }
        if (open.getOrDefault(upstream, 0) >= maxPerUpstream) {
            waiting.computeIfAbsent(upstream, u -> new ArrayDeque<>()).add(exchange);
            return;
        }
        connect(upstream, exchange::connected, exchange::connectFailed);
    }

    /** A connection of its own, outside the pool's limit: for WebSocket upgrades, and retries on a stale connection. */
    void connect(Upstream upstream, Consumer<UpstreamConnection> connected, Consumer<Throwable> failed) {
        open.merge(upstream, 1, Integer::sum);
        UpstreamConnection connection = new UpstreamConnection(this, upstream, options);
        ChannelFuture future = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpRequestEncoder());
                ch.pipeline().addLast(new UpstreamAnswerDecoder(new HttpDecoderConfig()
                        .setMaxInitialLineLength(8192).setMaxHeaderSize(MAX_RESPONSE_HEAD_BYTES)
                        // The answers of the router's own upstreams; the client's side validates what clients send.
                        .setValidateHeaders(false)
                        // Like nginx, accept a bare LF between header lines: CGI scripts behind busybox httpd send them.
                        .setStrictLineParsing(false), connection));
                ch.pipeline().addLast(connection);
            }
        }).connect(new InetSocketAddress(upstream.host(), upstream.port()));
        future.addListener(done -> {
            if (done.isSuccess()) {
                counts.merge(upstream, 1, Integer::sum);
                future.channel().closeFuture().addListener(closed -> decrementCount(upstream));
                connected.accept(connection);
            } else {
                released(upstream);
                failed.accept(done.cause());
            }
        });
    }

    /** The exchange is over and the connection can serve another: the next waiting exchange, or the pool. */
    void release(UpstreamConnection connection, long now) {
        connection.unbind(now);
        Upstream upstream = connection.upstream();
        ArrayDeque<Exchange> queue = waiting.get(upstream);
        for (Exchange next; queue != null && (next = queue.poll()) != null; ) {
            if (!next.isOver()) {
                next.connected(connection);
                return;
            }
        }
        idle.computeIfAbsent(upstream, u -> new ArrayDeque<>()).addLast(connection);
    }

    /** A connection closed (either side): it leaves the pool, and frees a place for a waiting exchange. */
    void closed(UpstreamConnection connection) {
        ArrayDeque<UpstreamConnection> ready = idle.get(connection.upstream());
        if (ready != null) {
            ready.remove(connection);
        }
        released(connection.upstream());
    }

    /** Closes the idle connections to these upstreams (being retired: nothing is in flight on them). */
    void closeIdle(Collection<Upstream> upstreams) {
        for (Upstream upstream : upstreams) {
            ArrayDeque<UpstreamConnection> ready = idle.remove(upstream);
            if (ready != null) {
                ready.forEach(UpstreamConnection::close);
            }
        }
    }

    private void released(Upstream upstream) {
        open.computeIfPresent(upstream, (u, n) -> n <= 1 ? null : n - 1);
        ArrayDeque<Exchange> queue = waiting.get(upstream);
        for (Exchange next; queue != null && (next = queue.poll()) != null; ) {
            if (!next.isOver()) {
                connect(upstream, next::connected, next::connectFailed);
                break;
            }
        }
        if (queue != null && queue.isEmpty()) {
            waiting.remove(upstream);
        }
    }

    private void decrementCount(Upstream upstream) {
        counts.computeIfPresent(upstream, (u, n) -> n <= 1 ? null : n - 1);
    }
}
