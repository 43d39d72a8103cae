package dev.slipway.router;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpStatusClass;

import java.util.function.BooleanSupplier;

/**
 * Writes answers to a client: HTTP objects are encoded, and a plain answer's raw bytes
 * ({@link #pass}) go past the encoder untouched. Whether an answer has a body (not for a HEAD) is
 * asked of the connection, which serves one request at a time.
 */
final class ClientAnswerEncoder extends HttpResponseEncoder {

    private final BooleanSupplier answeringHead;
    private ChannelHandlerContext ctx;

    ClientAnswerEncoder(BooleanSupplier answeringHead) {
        this.answeringHead = answeringHead;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Bytes already in HTTP/1.1's form, written by the handler in front of this one. */
    void pass(ByteBuf bytes) {
        ctx.write(bytes, ctx.voidPromise());
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse msg) {
        if (msg.status().codeClass() != HttpStatusClass.INFORMATIONAL && answeringHead.getAsBoolean()) {
            return true;
        }
        return super.isContentAlwaysEmpty(msg);
    }
}
