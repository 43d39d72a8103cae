package dev.slipway.router;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;

/**
 * One keep-alive connection from the router to an upstream. It serves one {@link Exchange} at a
 * time, sits in its {@link UpstreamPool} in between, and becomes a byte relay when a WebSocket
 * upgrade succeeds. One timer per connection watches both limits: how long an upstream may stay
 * silent while an exchange waits on it (the response timeout), and how long it may sit idle in the
 * pool (the idle timeout).
 */
final class UpstreamConnection extends ChannelInboundHandlerAdapter implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamConnection.class);

    private final UpstreamPool pool;
    private final Upstream upstream;
    private final long responseTimeoutNanos;
    private final long idleTimeoutNanos;
    private ChannelHandlerContext ctx;
    private Exchange exchange;
    private Channel tunnelTo;
    private long lastActivity = System.nanoTime();
    private ScheduledFuture<?> timer;
    private boolean reused;

    UpstreamConnection(UpstreamPool pool, Upstream upstream, RouterOptions options) {
        this.pool = pool;
        this.upstream = upstream;
        this.responseTimeoutNanos = options.responseTimeout().toNanos();
        this.idleTimeoutNanos = options.idleTimeout().toNanos();
    }

    Upstream upstream() {
        return upstream;
    }

    Channel channel() {
        return ctx.channel();
    }

    boolean isActive() {
        return ctx != null && ctx.channel().isActive();
    }

    /** Whether this connection served an exchange before the current one (so it may have gone stale). */
    boolean reused() {
        return reused;
    }

    /** {@code now} is the exchange's start, read once for the metrics and the response timeout. */
    void bind(Exchange next, long now) {
        exchange = next;
        lastActivity = now;
        // The timer may be set for the idle limit; a shorter response limit needs an earlier one.
        if (timer != null && timer.getDelay(TimeUnit.NANOSECONDS) > responseTimeoutNanos) {
            cancelTimer();
        }
        if (timer == null) {
            schedule(responseTimeoutNanos);
        }
    }

    /** Back to the pool: idle from now on. */
    void unbind(long now) {
        exchange = null;
        reused = true;
        lastActivity = now;
        if (timer == null) {
            schedule(idleTimeoutNanos);
        }
    }

    void touch() {
        lastActivity = System.nanoTime();
    }

    void write(HttpObject message) {
        ctx.write(message, ctx.voidPromise());
    }

    void flush() {
        ctx.flush();
    }

    void close() {
        exchange = null;
        ctx.close();
    }

    /** After a 101: the HTTP codec leaves, and every byte from here on goes to {@code client} as it is. */
    void relayTo(Channel client) {
        exchange = null;
        tunnelTo = client;
        cancelTimer();
        ctx.pipeline().remove(HttpClientCodec.class);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (tunnelTo != null) {
            Relay.forward(msg, ctx.channel(), tunnelTo);
            return;
        }
        Exchange current = exchange;
        if (current == null) {
            // An idle upstream has nothing to say; whatever it sends makes the connection unusable.
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (msg instanceof HttpResponse response) {
            if (response.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                current.upstreamFailed(this, response.decoderResult().cause(), false);
                return;
            }
            current.responseHead(response);
        }
        if (msg instanceof HttpContent content) {
            current.responseContent(content);
        } else if (msg instanceof ByteBuf bytes) {
            // Bytes right behind a 101, decoded before the relay took over.
            current.upgradedBytes(bytes);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Exchange current = exchange;
        if (current != null) {
            // Once per read, not per message: the clock is read once for all the upstream just sent.
            lastActivity = System.nanoTime();
            current.flushToClient();
        } else if (tunnelTo != null) {
            tunnelTo.flush();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Exchange current = exchange;
        if (current != null) {
            current.upstreamWritable(ctx.channel().isWritable());
        } else if (tunnelTo != null) {
            tunnelTo.config().setAutoRead(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimer();
        pool.closed(this);
        Exchange current = exchange;
        exchange = null;
        if (current != null) {
            current.upstreamFailed(this, new ClosedChannelException(), false);
        }
        if (tunnelTo != null) {
            tunnelTo.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection to upstream {} failed: {}", upstream, cause.toString());
        Exchange current = exchange;
        exchange = null;
        if (current != null) {
            current.upstreamFailed(this, cause, false);
        }
        ctx.close();
    }

    /** The timer: fires at the earliest moment either limit could have passed, and re-arms itself. */
    @Override
    public void run() {
        timer = null;
        if (!ctx.channel().isActive() || tunnelTo != null) {
            return;
        }
        long limit = exchange != null ? responseTimeoutNanos : idleTimeoutNanos;
        long left = lastActivity + limit - System.nanoTime();
        if (left > 0) {
            schedule(left);
            return;
        }
        Exchange current = exchange;
        if (current != null) {
            exchange = null;
            current.upstreamFailed(this, new UpstreamTimeoutException(upstream), true);
        }
        ctx.close();
    }

    private void schedule(long nanos) {
        timer = ctx.executor().schedule(this, nanos, TimeUnit.NANOSECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** The upstream stayed silent longer than the response timeout. */
    static final class UpstreamTimeoutException extends Exception {
        UpstreamTimeoutException(Upstream upstream) {
            super("upstream " + upstream + " did not answer in time", null, false, false);
        }
    }
}
