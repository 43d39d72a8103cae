package dev.slipway.router;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequestDecoder;

import java.util.List;

/**
 * Reads a client's requests. A plain one ({@link PlainRequestHead}) comes out as a {@link Plain}: its
 * head as bytes, ready for the router's forwarding lines; every other request is decoded by Netty
 * into HTTP objects, which validates it and frames its body.
 */
final class ClientRequestDecoder extends HttpRequestDecoder {

    /** Longest head read as bytes, and at most the router's limit, so that a longer one is the decoder's to refuse. */
    private static final int MAX_PLAIN_HEAD = 16 * 1024;
    /**
     * Reads a head may take to complete before the decoder gets it: each read scans it from its start,
     * so a client sending its head a few bytes at a time would otherwise cost a scan per byte.
     */
    private static final int MAX_INCOMPLETE_SCANS = 4;
    /** Room for the forwarding lines the router appends. */
    private static final int FORWARDING_ROOM = 192;

    private final PlainRequestHead scanner = new PlainRequestHead();
    private final HeadCopy head;
    /** The last Host and Accept read, reused while a connection's requests repeat them (nearly always). */
    private String host;
    private String accept;
    /** Between requests: the next byte starts one. */
    private boolean atStart = true;
    private int incompleteScans;

    ClientRequestDecoder(HttpDecoderConfig config, int maxHeadBytes) {
        super(config);
        this.head = new HeadCopy(Math.min(MAX_PLAIN_HEAD, maxHeadBytes));
    }

    /** A plain request: its request line and header lines as the upstream gets them, without the final empty line. */
    static final class Plain extends DefaultByteBufHolder {
        final HttpMethod method;
        final String host;
        final String accept;

        Plain(ByteBuf lines, HttpMethod method, String host, String accept) {
            super(lines);
            this.method = method;
            this.host = host;
            this.accept = accept;
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (atStart) {
            int headLength = head.scan(in, scanner);
            if (headLength == HeadBytes.INCOMPLETE && ++incompleteScans < MAX_INCOMPLETE_SCANS) {
                return; // more is read onto what is here
            }
            incompleteScans = 0;
            if (headLength > 0) {
                byte[] bytes = head.bytes();
                ByteBuf lines = ctx.alloc().buffer(headLength + FORWARDING_ROOM);
                scanner.copyLinesTo(bytes, headLength, lines);
                in.skipBytes(headLength);
                host = scanner.host(bytes, host);
                String read = scanner.accept(bytes, accept);
                accept = read != null ? read : accept;
                out.add(new Plain(lines, scanner.method(), host, read));
                return;
            }
            atStart = false;
        }
        int before = out.size();
        super.decode(ctx, in, out);
        atStart = HeadBytes.endsMessage(out, before);
    }
}
