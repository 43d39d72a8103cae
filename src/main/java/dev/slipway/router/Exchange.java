package dev.slipway.router;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * One request on its way to an upstream and its answer on the way back, both streamed: each piece
 * of body is passed on as it arrives, and reading pauses on one side while the other side cannot
 * take more. Counted in flight on its upstream from routing until its last byte. Runs entirely on
 * its client connection's event loop.
 *
 * <p>When nothing has reached the client yet, a failure becomes a 502 or 504 page, after at most
 * one retry: on another upstream of the same set when the connection was never made (refused, no
 * route, connect timeout: the upstream saw nothing), or, for idempotent requests only (that upstream
 * may have seen it), when the connection failed before a byte of the answer came: on another
 * upstream of the set, else on a fresh connection when a kept-alive one turned out to be closed. All
 * only for requests without a body, which the router does not keep. A response timeout is never retried.
 */
final class Exchange {

    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);
    /** Body read while the upstream connection is being opened; past this the client waits. */
    private static final int MAX_PENDING_BYTES = 64 * 1024;

    private final ClientConnection client;
    /** What goes to the upstream first: a decoded request's head, or a plain request's bytes (kept for a retry). */
    private final HttpRequest request;
    private final ByteBuf plainRequest;
    private final HttpMethod method;
    /** A plain request's Accept header (a decoded one's is in its headers). */
    private final String accept;
    private final Resolution.Routed routed;
    private final InFlight.Tracked tracked;
    private final RouterMetrics.Meters meters;
    private final long started;
    private final boolean upgrade;
    private final boolean replayable;
    /** What the client asked for, read before the request was rewritten for the upstream (always 1.1, kept alive). */
    private final boolean clientKeepAlive;
    private final boolean clientHttp11;
    private final long maxBodyBytes;
    private Upstream upstream;
    private UpstreamConnection connection;
    private List<HttpContent> pending;
    private int pendingBytes;
    private long bodyBytes;
    /** Its last piece was read (every request has one, an empty one when it has no body). */
    private boolean requestComplete;
    private ExchangeState state = ExchangeState.AWAITING_ANSWER;
    /**
     * A decoded answer's head and the body pieces that came in the same read, written when that read
     * ends (when they would be flushed anyway): an answer whose body cannot be framed within its first
     * read is still a 502 page, not a head cut off. Null once they are written.
     */
    private List<HttpObject> unsent;
    private boolean closeClient;
    private boolean upstreamReusable;
    private boolean retried;
    private int status;
    /** Inside {@link #start()}: a connection handed over now is written while the client's read is still on. */
    private boolean starting;

    /** A request decoded by Netty, its body (if any) to follow as {@link #requestContent} pieces. */
    static Exchange decoded(ClientConnection client, HttpRequest request, boolean hasBody, boolean clientKeepAlive,
                            boolean clientHttp11, Resolution.Routed routed, InFlight.Tracked tracked,
                            RouterMetrics.Meters meters, boolean upgrade) {
        return new Exchange(client, request, null, request.method(), null, hasBody, clientKeepAlive, clientHttp11,
                routed, tracked, meters, upgrade);
    }

    /** A plain request ({@link PlainRequestHead}): its whole head as bytes, no body, from a kept-alive HTTP/1.1 client. */
    static Exchange plain(ClientConnection client, ByteBuf head, HttpMethod method, String accept,
                          Resolution.Routed routed, InFlight.Tracked tracked, RouterMetrics.Meters meters) {
        Exchange exchange = new Exchange(client, null, head, method, accept, false, true, true, routed, tracked, meters, false);
        exchange.requestComplete = true;
        return exchange;
    }

    private Exchange(ClientConnection client, HttpRequest request, ByteBuf plainRequest, HttpMethod method, String accept,
                     boolean hasBody, boolean clientKeepAlive, boolean clientHttp11,
                     Resolution.Routed routed, InFlight.Tracked tracked, RouterMetrics.Meters meters, boolean upgrade) {
        this.client = client;
        this.request = request;
        this.plainRequest = plainRequest;
        this.method = method;
        this.accept = accept;
        this.routed = routed;
        this.tracked = tracked;
        this.meters = meters;
        this.started = meters.start();
        this.upgrade = upgrade;
        this.upstream = routed.upstream();
        this.replayable = !hasBody;
        this.clientKeepAlive = clientKeepAlive;
        this.clientHttp11 = clientHttp11;
        this.maxBodyBytes = client.routing().options().maxRequestBodyBytes();
    }

    boolean isOver() {
        return state.isOver();
    }

    private void become(ExchangeState next) {
        assert state.canBecome(next) : "an exchange cannot go from " + state + " to " + next;
        state = next;
    }

    boolean requestComplete() {
        return requestComplete;
    }

    HttpMethod method() {
        return method;
    }

    /**
     * Whether the client takes an upstream's plain answer as it is: a kept-alive HTTP/1.1 client, not
     * asking for a HEAD or an upgrade, and nothing to change in the head (see {@link PlainAnswerHead}).
     */
    boolean takesPlainAnswers() {
        return !upgrade && clientKeepAlive && clientHttp11 && method != HttpMethod.HEAD;
    }

    void start() {
        starting = true;
        if (upgrade) {
            client.pool().connect(upstream, this::connected, this::connectFailed);
        } else {
            client.pool().acquire(upstream, this);
        }
        starting = false;
    }

    // ---- the pool's side

    void connected(UpstreamConnection opened) {
        if (state.isOver()) {
            // The client left while the connection was being opened.
            if (upgrade) {
                opened.close();
            } else {
                client.pool().release(opened, System.nanoTime());
            }
            return;
        }
        connection = opened;
        // The response timeout runs from now; a request that waited for a connection was not waiting on the upstream.
        opened.bind(this, starting ? started : System.nanoTime());
        if (plainRequest != null) {
            opened.pass(plainRequest.retainedDuplicate());
        } else {
            opened.write(request);
        }
        if (pending != null) {
            pending.forEach(opened::write);
            pending = null;
            pendingBytes = 0;
            if (!requestComplete) {
                client.channel().config().setAutoRead(true);
            }
        }
        // Started from the client's read, the request's last piece or the end of that read flushes: one write per request.
        if (!starting || requestComplete) {
            opened.flush();
        }
    }

    void connectFailed(Throwable cause) {
        if (!state.isOver()) {
            failed(cause, cause instanceof ConnectTimeoutException);
        }
    }

    // ---- the client's side

    void requestContent(HttpContent content) {
        if (state.isOver()) {
            content.release();
            return;
        }
        if (content.decoderResult().isFailure()) {
            // Netty ends a body it cannot frame (a bad chunk size or line end) with an empty last piece marked
            // failed: passing that on would end the upstream's body where the client never did.
            content.release();
            refuse(400, "The request body is not valid chunked encoding.");
            return;
        }
        bodyBytes += content.content().readableBytes();
        boolean last = content instanceof LastHttpContent;
        if (bodyBytes > maxBodyBytes) {
            content.release();
            tooLarge();
            return;
        }
        if (last) {
            requestComplete = true;
        }
        if (connection == null) {
            if (pending == null) {
                pending = new ArrayList<>(4);
            }
            pending.add(content);
            pendingBytes += content.content().readableBytes();
            if (pendingBytes > MAX_PENDING_BYTES && !last) {
                client.channel().config().setAutoRead(false);
            }
            return;
        }
        connection.touch();
        connection.write(content);
        if (last) {
            connection.flush();
        } else if (!connection.channel().isWritable()) {
            // Flushing can drain the buffer at once (and say so); only a connection still full pauses the client.
            connection.flush();
            if (!connection.channel().isWritable()) {
                client.channel().config().setAutoRead(false);
            }
        }
    }

    void flushToUpstream() {
        if (connection != null && !state.isOver() && !requestComplete) {
            connection.flush();
        }
    }

    /** The client connection closed before the answer was complete. */
    void clientGone() {
        if (state.isOver()) {
            return;
        }
        end(499);
        releasePending();
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    void clientWritable(boolean writable) {
        if (connection != null && !state.isOver()) {
            connection.channel().config().setAutoRead(writable);
        }
    }

    // ---- the upstream's side

    void responseHead(HttpResponse response) {
        int code = response.status().code();
        if (upgrade && code == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            status = code;
            become(ExchangeState.ANSWERING);
            client.write(response);
            return;
        }
        if (code < 200) {
            // 100 Continue was already answered by the router; other interim answers are dropped with their empty body.
            become(ExchangeState.INTERIM);
            return;
        }
        become(ExchangeState.ANSWERING);
        status = code;
        boolean framed = HttpUtil.isContentLengthSet(response) || HttpUtil.isTransferEncodingChunked(response);
        boolean bodiless = method == HttpMethod.HEAD || code == 204 || code == 304;
        upstreamReusable = !upgrade && HttpUtil.isKeepAlive(response) && (framed || bodiless);
        ProxyHeaders.toClient(response);
        if (!framed && !bodiless) {
            // The upstream ends its body by closing; to an HTTP/1.1 client the router can chunk it and stay open.
            if (clientHttp11 && clientKeepAlive) {
                HttpUtil.setTransferEncodingChunked(response, true);
            } else {
                closeClient = true;
            }
        }
        if (!clientKeepAlive || closeClient) {
            closeClient = true;
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (!clientHttp11) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        unsent = new ArrayList<>(4);
        unsent.add(response);
    }

    void responseContent(HttpContent content) {
        if (state == ExchangeState.INTERIM) {
            content.release();
            if (content instanceof LastHttpContent) {
                become(ExchangeState.AWAITING_ANSWER);
            }
            return;
        }
        if (content.decoderResult().isFailure()) {
            // As with a request, Netty ends a body it cannot frame with an empty last piece marked failed: never passed on.
            content.release();
            badAnswer(content.decoderResult().cause());
            return;
        }
        if (content instanceof LastHttpContent last) {
            if (upgrade && status == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
                last.release();
                becomeTunnel();
                return;
            }
            writeUnsent();
            client.writeAndFlush(last);
            responseComplete();
            return;
        }
        if (unsent != null) {
            unsent.add(content);
            return;
        }
        client.write(content);
        pauseUpstreamWhileClientIsFull();
    }

    /** A plain answer's head: HTTP/1.1, framed by its length, hop-by-hop lines already left out. */
    void plainHead(int code, ByteBuf head) {
        become(ExchangeState.ANSWERING);
        status = code;
        upstreamReusable = true;
        client.pass(head);
    }

    void plainBody(ByteBuf bytes, boolean last) {
        client.pass(bytes);
        if (last) {
            client.flush();
            responseComplete();
        } else {
            pauseUpstreamWhileClientIsFull();
        }
    }

    /** Flushing can drain the client's buffer at once; only a client still full pauses reading from the upstream. */
    private void pauseUpstreamWhileClientIsFull() {
        if (!client.channel().isWritable()) {
            client.flush();
            if (!client.channel().isWritable()) {
                connection.channel().config().setAutoRead(false);
            }
        }
    }

    void upgradedBytes(ByteBuf bytes) {
        client.write(bytes);
    }

    void flushToClient() {
        if (!state.isOver()) {
            writeUnsent();
            client.flush();
        }
    }

    void upstreamWritable(boolean writable) {
        if (!state.isOver() && !requestComplete) {
            client.channel().config().setAutoRead(writable);
        }
    }

    /** The upstream connection failed, closed or timed out while this exchange used it. */
    void upstreamFailed(UpstreamConnection failed, Throwable cause, boolean timeout) {
        if (state.isOver() || failed != connection) {
            return;
        }
        connection = null;
        failed.close();
        if (state == ExchangeState.ANSWERING) {
            // Part of the answer already went out: the only honest signal left is to cut the client's connection.
            LOG.info("upstream {} failed after the response started: {}", upstream, cause.toString());
            end(502);
            client.abort();
            return;
        }
        if (!timeout && replayable && !retried && Retries.isIdempotent(method)) {
            // Nothing of the answer came: an idempotent request may be sent again (RFC 9110, 9.2.2). To another
            // upstream of the set when there is one (its node may be gone), else, after a kept-alive connection
            // the upstream had closed, on a fresh one.
            Upstream other = Retries.another(routed.set(), upstream);
            if (other != null) {
                LOG.info("upstream {} failed before answering ({}); retrying on {}", upstream, cause.toString(), other);
                retried = true;
                tracked.moveTo(other);
                upstream = other;
                start();
                return;
            }
            if (failed.reused()) {
                retried = true;
                client.pool().connect(upstream, this::connected, this::connectFailed);
                return;
            }
        }
        failed(cause, timeout);
    }

    private void writeUnsent() {
        if (unsent != null) {
            unsent.forEach(client::write);
            unsent = null;
        }
    }

    // ---- endings

    /** The upstream's answer body cannot be framed (a bad chunk): a 502 while its head is still here, else a cut. */
    private void badAnswer(Throwable cause) {
        LOG.info("upstream {} sent an answer body that is not valid HTTP/1.1: {}", upstream, cause.toString());
        UpstreamConnection used = connection;
        connection = null;
        used.close();
        boolean nothingSent = unsent != null;
        end(502);
        releasePending();
        if (nothingSent) {
            client.answer(accept(), 502, "The application's answer is not valid HTTP/1.1.", !requestComplete || !clientKeepAlive);
        } else {
            client.abort();
        }
    }

    private void failed(Throwable cause, boolean timeout) {
        Upstream other = retried || !replayable ? null : Retries.otherUpstream(routed.set(), upstream, cause);
        if (other != null) {
            LOG.info("upstream {} refused the connection; retrying on {}", upstream, other);
            retried = true;
            tracked.moveTo(other);
            upstream = other;
            start();
            return;
        }
        int code = timeout ? 504 : 502;
        String message = timeout ? "The application did not answer in time."
                : "The application could not be reached or failed to answer.";
        LOG.info("upstream {} failed, answering {}: {}", upstream, code, cause.toString());
        end(code);
        releasePending();
        client.answer(accept(), code, message, !requestComplete || !clientKeepAlive);
    }

    private void tooLarge() {
        refuse(413, "The request body is larger than " + maxBodyBytes + " bytes.");
    }

    /** The client's body cannot go on: the upstream's connection closes with the body unfinished, and the client's too. */
    private void refuse(int code, String message) {
        end(code);
        if (state == ExchangeState.ANSWERING) {
            client.abort();
        } else {
            client.answer(accept(), code, message, true);
        }
        releasePending();
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    private void responseComplete() {
        long now = end(status);
        UpstreamConnection used = connection;
        connection = null;
        if (upstreamReusable && requestComplete) {
            client.pool().release(used, now);
        } else {
            used.close();
        }
        // An upstream that answered before reading the whole body leaves the rest of it unread on the client's side.
        client.exchangeDone(closeClient || !requestComplete);
    }

    private void becomeTunnel() {
        become(ExchangeState.TUNNEL);
        UpstreamConnection used = connection;
        connection = null;
        client.becomeTunnel(used, tracked, meters, started);
    }

    /** Returns the time it ended. */
    private long end(int code) {
        become(ExchangeState.OVER);
        if (unsent != null) {
            unsent.forEach(ReferenceCountUtil::release);
            unsent = null;
        }
        tracked.release();
        if (plainRequest != null) {
            plainRequest.release();
        }
        return meters.end(started, code);
    }

    private void releasePending() {
        if (pending != null) {
            pending.forEach(HttpContent::release);
            pending = null;
        }
    }

    /** Read from a decoded request only when an error page needs it. */
    private String accept() {
        return request != null ? request.headers().get(HttpHeaderNames.ACCEPT) : accept;
    }
}
