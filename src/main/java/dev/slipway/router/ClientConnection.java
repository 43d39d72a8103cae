package dev.slipway.router;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One client's connection to the router. Each request on it is routed afresh from its Host header,
 * which is why a switch reaches the very next request on a kept-alive connection. Requests are
 * served one after the other; a client that pipelines has its next requests held until the current
 * answer is out. The router answers by itself when there is nothing to proxy to (404, 503), when
 * the request is bad (400, 413, 414, 431), and when the upstream fails before answering (502, 504).
 */
final class ClientConnection extends ChannelInboundHandlerAdapter implements QuietWatch.Watched {

    /** How long a connection the router closes goes on reading what its client still sends. */
    static final Duration LINGER = Duration.ofSeconds(2);
    private static final FullHttpResponse CONTINUE = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
            HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER);

    private final Routing routing;
    private final UpstreamPool pool;
    private ChannelHandlerContext ctx;
    private String clientAddress;
    private Exchange exchange;
    private ArrayDeque<Object> held;
    /** The upstream's channel once the connection is a {@link ClientState#TUNNEL}. */
    private Channel tunnelTo;
    /** The forwarding headers' values for the last host seen. */
    private ProxyHeaders.Forwarding forwarding;
    /** The last plain request's Host that passed {@link RequestChecks#isHost}. */
    private String checkedHost;
    private QuietWatch quiet;
    private final ClientAnswerEncoder encoder = new ClientAnswerEncoder(this::answeringHead);
    private boolean answeringHead;
    private ClientState state = ClientState.SERVING;

    ClientConnection(Routing routing, UpstreamPool pool) {
        this.routing = routing;
        this.pool = pool;
    }

    Routing routing() {
        return routing;
    }

    UpstreamPool pool() {
        return pool;
    }

    Channel channel() {
        return ctx.channel();
    }

    void write(Object message) {
        ctx.write(message, ctx.voidPromise());
    }

    void writeAndFlush(Object message) {
        ctx.writeAndFlush(message, ctx.voidPromise());
    }

    void flush() {
        ctx.flush();
    }

    /** The encoder in front of this connection, which asks it whether a HEAD is being answered. */
    ClientAnswerEncoder encoder() {
        return encoder;
    }

    /** Raw bytes of a plain answer, past the HTTP encoder. */
    void pass(ByteBuf bytes) {
        encoder.pass(bytes);
    }

    /** Whether the request being answered is a HEAD (its answer has no body, whatever its length says). */
    boolean answeringHead() {
        return answeringHead;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        long idle = routing.options().idleTimeout().toNanos();
        quiet = new QuietWatch(ctx.executor(), this, idle);
        quiet.restart(System.nanoTime());
        clientAddress = ctx.channel().remoteAddress() instanceof InetSocketAddress address
                ? address.getAddress().getHostAddress() : "unknown";
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == ClientState.LINGERING) {
            ReferenceCountUtil.release(msg);
            return;
        }
        quiet.tick();
        if (state == ClientState.TUNNEL) {
            Relay.forward(msg, ctx.channel(), tunnelTo);
            return;
        }
        if (held != null || exchange != null && exchange.requestComplete()) {
            hold(msg);
            return;
        }
        handle(msg);
    }

    private void handle(Object msg) {
        if (msg instanceof ClientRequestDecoder.Plain plain) {
            beginPlain(plain);
            return;
        }
        if (msg instanceof HttpRequest request) {
            begin(request);
        }
        if (msg instanceof HttpContent content) {
            if (exchange != null) {
                exchange.requestContent(content);
            } else {
                // The body of a request the router answered itself, or of one cut short: read and dropped.
                content.release();
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.flushToUpstream();
        } else if (state == ClientState.TUNNEL) {
            tunnelTo.flush();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.clientWritable(ctx.channel().isWritable());
        } else if (state == ClientState.TUNNEL) {
            Relay.writabilityChanged(ctx.channel(), tunnelTo);
        }
        ctx.fireChannelWritabilityChanged();
    }

    /**
     * Nothing read for the idle timeout: an idle keep-alive connection, or a client stalled in its
     * request (slowloris). A client waiting for its answer is the response timeout's business, and an
     * open WebSocket is left to its two ends.
     */
    @Override
    public long quietLimitNanos() {
        return exchange != null && exchange.requestComplete() ? QuietWatch.NOT_NOW : routing.options().idleTimeout().toNanos();
    }

    @Override
    public void quietTooLong() {
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        boolean tunnel = state == ClientState.TUNNEL;
        become(ClientState.CLOSED);
        quiet.stop();
        if (exchange != null) {
            exchange.clientGone();
            exchange = null;
        }
        if (held != null) {
            held.forEach(ReferenceCountUtil::release);
            held = null;
        }
        if (tunnel) {
            tunnelTo.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets and broken pipes are how clients leave; channelInactive cleans up.
        ctx.close();
    }

    // ---- routing

    private void begin(HttpRequest request) {
        answeringHead = request.method() == HttpMethod.HEAD;
        if (request.decoderResult().isFailure()) {
            refuseMalformed(request.decoderResult().cause());
            return;
        }
        String host;
        switch (RequestChecks.check(request)) {
            case RequestChecks.Routable routable -> host = routable.host();
            case RequestChecks.Refused refused -> {
                refuse(refused, request.headers().get(HttpHeaderNames.ACCEPT));
                return;
            }
        }
        boolean hasBody = HttpUtil.getContentLength(request, 0L) > 0 || HttpUtil.isTransferEncodingChunked(request);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        InFlight.Tracked[] tracked = new InFlight.Tracked[1];
        Resolution resolution = resolve(host, tracked);
        if (resolution instanceof Resolution.Routed routed) {
            proxy(request, hasBody, keepAlive, host, routed, tracked[0]);
        } else {
            refuse(resolution, request.headers().get(HttpHeaderNames.ACCEPT), keepAlive);
        }
    }

    /** A plain request ({@link PlainRequestHead}): routed the same way, passed on as bytes. */
    private void beginPlain(ClientRequestDecoder.Plain plain) {
        answeringHead = plain.method == HttpMethod.HEAD;
        // The decoder hands the same string while a connection repeats its Host: checked once per connection and host.
        if (plain.host != checkedHost) {
            if (!RequestChecks.isHost(plain.host)) {
                plain.release();
                refuse(RequestChecks.BAD_HOST, plain.accept);
                return;
            }
            checkedHost = plain.host;
        }
        InFlight.Tracked[] tracked = new InFlight.Tracked[1];
        Resolution resolution = resolve(plain.host, tracked);
        if (!(resolution instanceof Resolution.Routed routed)) {
            plain.release();
            refuse(resolution, plain.accept, true);
            return;
        }
        ByteBuf head = plain.content();
        ProxyHeaders.toUpstream(head, forwardingFor(plain.host));
        exchange = Exchange.plain(this, head, plain.method, plain.accept, routed, tracked[0],
                routing.metrics().of(routed.project(), routed.environment()));
        exchange.start();
    }

    /**
     * Finds the request's route. The in-flight count starts while the route is read (into
     * {@code tracked}), so a switch-then-drain cannot miss this request.
     */
    private Resolution resolve(String host, InFlight.Tracked[] tracked) {
        return routing.table().resolve(host, upstream -> tracked[0] = routing.inFlight().track(upstream));
    }

    /** Answers a request that has nowhere to go: 404 for an unknown host, 503 for an environment without a release. */
    private void refuse(Resolution resolution, String accept, boolean keepAlive) {
        switch (resolution) {
            case Resolution.UnknownHost unknown ->
                    answerDirectly(accept, keepAlive, 404, "No application answers at '" + unknown.host() + "'.", null);
            case Resolution.NoUpstream none -> answerDirectly(accept, keepAlive, 503,
                    "Environment " + none.project() + "/" + none.environment() + " has no running release yet.",
                    routing.metrics().of(none.project(), none.environment()));
            case Resolution.Routed routed -> throw new IllegalArgumentException("a routed request is not refused");
        }
    }

    /** Closed after the answer: what follows a request the router would not frame cannot be trusted to start one. */
    private void refuse(RequestChecks.Refused refused, String accept) {
        FullHttpResponse page = ErrorPages.page(ctx.alloc(), accept, refused.status(), refused.message());
        if (answeringHead) {
            page.content().clear();
        }
        send(page, true);
    }

    private ProxyHeaders.Forwarding forwardingFor(String host) {
        if (forwarding == null || !Objects.equals(host, forwarding.host())) {
            forwarding = ProxyHeaders.Forwarding.of(clientAddress, host);
        }
        return forwarding;
    }

    private void proxy(HttpRequest request, boolean hasBody, boolean keepAlive, String host, Resolution.Routed routed,
                       InFlight.Tracked tracked) {
        RouterMetrics.Meters meters = routing.metrics().of(routed.project(), routed.environment());
        long limit = routing.options().maxRequestBodyBytes();
        // Refuse an announced oversized body before the upstream sees a byte; chunked ones are cut as they pass.
        if (HttpUtil.getContentLength(request, 0L) > limit) {
            tracked.release();
            answerDirectly(request.headers().get(HttpHeaderNames.ACCEPT), false, 413,
                    "The request body is larger than " + limit + " bytes.", meters);
            return;
        }
        if (HttpUtil.is100ContinueExpected(request)) {
            // Like nginx: the router says go ahead itself, and the upstream gets a plain request with a body.
            request.headers().remove(HttpHeaderNames.EXPECT);
            ctx.writeAndFlush(CONTINUE.retainedDuplicate(), ctx.voidPromise());
        }
        boolean upgrade = isWebSocketUpgrade(request);
        if (upgrade) {
            // Nothing more is read from the client until the upstream has accepted or refused the upgrade.
            ctx.channel().config().setAutoRead(false);
        }
        boolean http11 = request.protocolVersion().equals(HttpVersion.HTTP_1_1);
        ProxyHeaders.toUpstream(request, forwardingFor(host), upgrade);
        exchange = Exchange.decoded(this, request, hasBody, keepAlive, http11, routed, tracked, meters, upgrade);
        exchange.start();
    }

    /** The router's own answer to a request it does not pass on. */
    private void answerDirectly(String accept, boolean keepAlive, int status, String message, RouterMetrics.Meters meters) {
        if (meters != null) {
            meters.end(meters.start(), status);
        }
        FullHttpResponse page = ErrorPages.page(ctx.alloc(), accept, status, message);
        if (answeringHead) {
            page.content().clear();
        }
        send(page, !keepAlive);
    }

    /** An answer in place of the upstream's, after the exchange failed (502, 504, 413). */
    void answer(String accept, int status, String message, boolean close) {
        exchange = null;
        FullHttpResponse page = ErrorPages.page(ctx.alloc(), accept, status, message);
        send(page, close);
        if (!close) {
            releaseHeld();
        }
    }

    private void send(FullHttpResponse page, boolean close) {
        if (close) {
            page.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            closeAfter(ctx.writeAndFlush(page));
        } else {
            ctx.writeAndFlush(page, ctx.voidPromise());
        }
    }

    private void refuseMalformed(Throwable cause) {
        int status = cause instanceof TooLongHttpHeaderException ? 431
                : cause instanceof TooLongHttpLineException ? 414
                : cause instanceof TooLongFrameException ? 431 : 400;
        String message = switch (status) {
            case 431 -> "The request's headers are larger than " + routing.options().maxRequestHeaderBytes() + " bytes.";
            case 414 -> "The request line is too long.";
            default -> "The request is not valid HTTP/1.1.";
        };
        send(ErrorPages.page(ctx.alloc(), null, status, message), true);
    }

    // ---- after an exchange

    /** The answer is out; the connection takes the next request, or closes. */
    void exchangeDone(boolean close) {
        exchange = null;
        if (close) {
            closeAfter(ctx.writeAndFlush(Unpooled.EMPTY_BUFFER));
            return;
        }
        releaseHeld();
    }

    /**
     * Closes the connection once {@code answer} is out, the way nginx's lingering close does: the
     * router stops sending and reads, and drops, whatever the client still sends (the rest of a body
     * too large, or one the upstream did not wait for) until the client closes or {@link #LINGER}
     * passes. Closing at once with unread bytes would reset the connection, and a client still
     * sending would lose the answer it was sent.
     */
    private void closeAfter(ChannelFuture answer) {
        answer.addListener(written -> {
            if (!written.isSuccess() || !(ctx.channel() instanceof DuplexChannel duplex)) {
                ctx.close();
                return;
            }
            // A second answer sent with close before the first was out finds the connection lingering already.
            if (state == ClientState.SERVING) {
                become(ClientState.LINGERING);
            }
            if (held != null) {
                held.forEach(ReferenceCountUtil::release);
                held = null;
            }
            duplex.shutdownOutput();
            ctx.channel().config().setAutoRead(true);
            ScheduledFuture<?> deadline = ctx.executor().schedule(() -> ctx.close(), LINGER.toMillis(), TimeUnit.MILLISECONDS);
            // A client that closes first leaves no timer behind holding the connection.
            ctx.channel().closeFuture().addListener(closed -> deadline.cancel(false));
        });
    }

    /** Cuts the client off: its answer can no longer be completed. */
    void abort() {
        exchange = null;
        ctx.close();
    }

    /** The upstream accepted a WebSocket upgrade: from now on bytes flow both ways untouched. */
    void becomeTunnel(UpstreamConnection upstream, InFlight.Tracked tracked, RouterMetrics.Meters meters, long started) {
        exchange = null;
        if (held != null) {
            held.forEach(ReferenceCountUtil::release);
            held = null;
        }
        Channel upstreamChannel = upstream.channel();
        tunnelTo = upstreamChannel;
        become(ClientState.TUNNEL);
        upstream.relayTo(ctx.channel());
        ctx.flush();
        quiet.stop();
        ctx.pipeline().remove(HttpRequestDecoder.class);
        ctx.pipeline().remove(ClientAnswerEncoder.class);
        routing.tunnels().opened(tracked, meters, started, ctx.channel(), upstreamChannel);
        ctx.channel().config().setAutoRead(true);
    }

    private void become(ClientState next) {
        assert state.canBecome(next) : "a client connection cannot go from " + state + " to " + next;
        state = next;
    }

    private void hold(Object msg) {
        if (held == null) {
            held = new ArrayDeque<>();
        }
        held.add(msg);
        ctx.channel().config().setAutoRead(false);
    }

    /** Serves what a pipelining client sent while the previous answer was on its way. */
    private void releaseHeld() {
        while (held != null && !held.isEmpty() && (exchange == null || !exchange.requestComplete())) {
            handle(held.poll());
        }
        if (held != null && held.isEmpty()) {
            held = null;
        }
        if (held == null && state != ClientState.TUNNEL && ctx.channel().isActive()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private static boolean isWebSocketUpgrade(HttpRequest request) {
        return request.method() == HttpMethod.GET
                && request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                && request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
    }
}
