package dev.slipway.router;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

/** Reads clients' requests; one framed both by chunks and by a length ends its connection after its answer. */
final class ClientRequestDecoder extends HttpRequestDecoder {

    ClientRequestDecoder(HttpDecoderConfig config) {
        super(config);
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        // RFC 9112 section 6.3: the chunks win, the length goes, and the connection closes after the
        // answer, since the two framings are how requests are smuggled past a proxy.
        super.handleTransferEncodingChunkedWithContentLength(message);
        message.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
}
