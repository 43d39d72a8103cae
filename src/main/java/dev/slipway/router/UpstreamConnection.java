package dev.slipway.router;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.channels.ClosedChannelException;

/**
 * One keep-alive connection from the router to an upstream. It serves one {@link Exchange} at a
 * time, sits in its {@link UpstreamPool} in between, and becomes a byte relay when a WebSocket
 * upgrade succeeds. One {@link QuietWatch} per connection watches both limits: how long an upstream
 * may stay silent while an exchange waits on it (the response timeout), and how long it may sit idle
 * in the pool (the idle timeout).
 */
final class UpstreamConnection extends ChannelInboundHandlerAdapter implements QuietWatch.Watched {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamConnection.class);

    private final UpstreamPool pool;
    private final Upstream upstream;
    private final long responseTimeoutNanos;
    private final long idleTimeoutNanos;
    private ChannelHandlerContext ctx;
    /** Writes from here skip the encoder. */
    private ChannelHandlerContext encoder;
    private Exchange exchange;
    private Channel tunnelTo;
    private QuietWatch quiet;
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

    /** The exchange this connection serves now, or null between exchanges. */
    Exchange exchange() {
        return exchange;
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
        quiet.restart(now);
    }

    /** Back to the pool: idle from now on. */
    void unbind(long now) {
        exchange = null;
        reused = true;
        quiet.restart(now);
    }

    /** The request's body is still going out: the upstream is not silent, it is being talked to. */
    void touch() {
        quiet.tick();
    }

    void write(HttpObject message) {
        ctx.write(message, ctx.voidPromise());
    }

    /** A request head already in HTTP/1.1's form, past the HTTP encoder. */
    void pass(ByteBuf bytes) {
        encoder.write(bytes, encoder.voidPromise());
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
        quiet.stop();
        ctx.pipeline().remove(HttpRequestEncoder.class);
        ctx.pipeline().remove(UpstreamAnswerDecoder.class);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.encoder = ctx.pipeline().context(HttpRequestEncoder.class);
        quiet = new QuietWatch(ctx.executor(), this, Math.min(responseTimeoutNanos, idleTimeoutNanos));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        quiet.tick();
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
        if (msg instanceof UpstreamAnswerDecoder.Body body) {
            current.plainBody(body.content(), body.last);
            return;
        }
        if (msg instanceof UpstreamAnswerDecoder.Head head) {
            current.plainHead(head.status, head.content());
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
            Relay.writabilityChanged(ctx.channel(), tunnelTo);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        quiet.stop();
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

    @Override
    public long quietLimitNanos() {
        return exchange != null ? responseTimeoutNanos : idleTimeoutNanos;
    }

    @Override
    public void quietTooLong() {
        Exchange current = exchange;
        exchange = null;
        if (current != null) {
            current.upstreamFailed(this, new UpstreamTimeoutException(upstream), true);
        }
        ctx.close();
    }

    /** The upstream stayed silent longer than the response timeout. */
    static final class UpstreamTimeoutException extends Exception {
        UpstreamTimeoutException(Upstream upstream) {
            super("upstream " + upstream + " did not answer in time", null, false, false);
        }
    }
}
