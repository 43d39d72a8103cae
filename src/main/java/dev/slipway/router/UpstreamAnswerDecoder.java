package dev.slipway.router;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;

import java.util.List;

/**
 * Reads an upstream's answers. A plain one ({@link PlainAnswerHead}) to a request whose client takes
 * it as it is comes out as a {@link Head} and {@link Body} pieces of raw bytes; every other answer is
 * decoded by Netty into HTTP objects. Which request an answer belongs to (a HEAD's answer has no body)
 * is the connection's current exchange, not a queue of methods, so that the two ways cannot disagree.
 */
final class UpstreamAnswerDecoder extends HttpResponseDecoder {

    /** Longest head read as bytes; a longer one is the decoder's (which refuses past its own limit). */
    private static final int MAX_PLAIN_HEAD = 16 * 1024;

    private final UpstreamConnection connection;
    private final PlainAnswerHead scanner = new PlainAnswerHead();
    private final HeadCopy head = new HeadCopy(MAX_PLAIN_HEAD);
    /** Between answers: the next byte starts one. */
    private boolean atStart = true;
    /** Inside a plain answer's body: the bytes still to come. */
    private long bodyLeft = -1;

    UpstreamAnswerDecoder(HttpDecoderConfig config, UpstreamConnection connection) {
        super(config);
        this.connection = connection;
    }

    /** An answer's head, as it goes to the client. */
    static final class Head extends DefaultByteBufHolder {
        final int status;

        Head(ByteBuf bytes, int status) {
            super(bytes);
            this.status = status;
        }
    }

    /** A piece of an answer's body; the last one ends the answer. */
    static final class Body extends DefaultByteBufHolder {
        final boolean last;

        Body(ByteBuf bytes, boolean last) {
            super(bytes);
            this.last = last;
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (bodyLeft >= 0) {
            passBody(in, out);
            return;
        }
        if (atStart) {
            Exchange exchange = connection.exchange();
            if (exchange != null && exchange.takesPlainAnswers()) {
                int headLength = head.scan(in, scanner);
                if (headLength == HeadBytes.INCOMPLETE) {
                    return; // more is read onto what is here
                }
                if (headLength > 0) {
                    ByteBuf bytes = ctx.alloc().buffer(headLength);
                    scanner.copyTo(head.bytes(), headLength, bytes);
                    in.skipBytes(headLength);
                    bodyLeft = scanner.contentLength();
                    out.add(new Head(bytes, scanner.status()));
                    if (bodyLeft == 0) {
                        bodyLeft = -1;
                        out.add(new Body(Unpooled.EMPTY_BUFFER, true));
                    }
                    return;
                }
            }
            atStart = false;
        }
        int before = out.size();
        super.decode(ctx, in, out);
        atStart = HeadBytes.endsMessage(out, before);
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        Exchange exchange = connection.exchange();
        int code = ((HttpResponse) msg).status().code();
        if (exchange != null && code >= 200) {
            HttpMethod method = exchange.method();
            if (method.equals(HttpMethod.HEAD) || method.equals(HttpMethod.CONNECT) && code / 100 == 2) {
                return true;
            }
        }
        return super.isContentAlwaysEmpty(msg);
    }

    private void passBody(ByteBuf in, List<Object> out) {
        int pass = (int) Math.min(bodyLeft, in.readableBytes());
        bodyLeft -= pass;
        boolean last = bodyLeft == 0;
        out.add(new Body(in.readRetainedSlice(pass), last));
        if (last) {
            bodyLeft = -1;
            atStart = true;
        }
    }
}
