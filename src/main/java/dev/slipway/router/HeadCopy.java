package dev.slipway.router;

import io.netty.buffer.ByteBuf;

/**
 * The start of what was read, copied into an array that a head scanner reads ({@link PlainRequestHead},
 * {@link PlainAnswerHead}), grown up to the longest head read this way. One per connection.
 */
final class HeadCopy {

    /** Reads {@code head[0, length)}: a head's length, {@link HeadBytes#INCOMPLETE} or {@link HeadBytes#NOT_PLAIN}. */
    interface Scanner {
        int scan(byte[] head, int length);
    }

    private final int max;
    private byte[] bytes = new byte[1024];

    HeadCopy(int max) {
        this.max = max;
    }

    /** What the scanner read; valid after {@link #scan} until the next call. */
    byte[] bytes() {
        return bytes;
    }

    /** Scans the head at the start of {@code in} without consuming it; a head longer than the maximum is not plain. */
    int scan(ByteBuf in, Scanner scanner) {
        int readable = Math.min(in.readableBytes(), max);
        int copied = Math.min(readable, bytes.length);
        while (true) {
            in.getBytes(in.readerIndex(), bytes, 0, copied);
            int result = scanner.scan(bytes, copied);
            if (result != HeadBytes.INCOMPLETE) {
                return result;
            }
            if (copied == max) {
                return HeadBytes.NOT_PLAIN;
            }
            if (copied == readable) {
                return HeadBytes.INCOMPLETE;
            }
            if (copied == bytes.length) {
                bytes = new byte[Math.min(bytes.length * 4, max)];
            }
            copied = Math.min(readable, bytes.length);
        }
    }
}
