package dev.slipway.router;

import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;

/** Copying an open tunnel's bytes from one side to the other, reading no faster than the other side takes them. */
final class Relay {

    private Relay() {}

    /** {@code self} became writable or not: its peer reads only while it can take more. */
    static void writabilityChanged(Channel self, Channel peer) {
        peer.config().setAutoRead(self.isWritable());
    }

    static void forward(Object msg, Channel from, Channel to) {
        if (!to.isActive()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        to.write(msg, to.voidPromise());
        if (!to.isWritable()) {
            to.flush();
            if (!to.isWritable()) {
                from.config().setAutoRead(false);
            }
        }
    }
}
