package dev.slipway.router;

import io.netty.buffer.ByteBuf;

/**
 * The lines a head scanner leaves out of the head it passes on ({@link PlainRequestHead},
 * {@link PlainAnswerHead}): at most a few, kept as ranges of the scanned bytes. Reused for each head.
 */
final class DroppedLines {

    private final int[] start;
    private final int[] end;
    private int count;

    DroppedLines(int max) {
        start = new int[max];
        end = new int[max];
    }

    void clear() {
        count = 0;
    }

    /** Leaves out the line {@code [line, lineEnd]}; false when there are more than the maximum. */
    boolean add(int line, int lineEnd) {
        if (count == start.length) {
            return false;
        }
        start[count] = line;
        end[count] = lineEnd + 1;
        count++;
        return true;
    }

    /** {@code head[0, length)} without the dropped lines. */
    void copy(byte[] head, int length, ByteBuf out) {
        int from = 0;
        for (int i = 0; i < count; i++) {
            out.writeBytes(head, from, start[i] - from);
            from = end[i];
        }
        out.writeBytes(head, from, length - from);
    }
}
