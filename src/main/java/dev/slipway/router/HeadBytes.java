package dev.slipway.router;

import io.netty.handler.codec.http.LastHttpContent;

import java.util.List;

/**
 * Reading an HTTP/1.1 head from bytes, for the heads the router passes on without decoding them
 * ({@link PlainRequestHead}, {@link PlainAnswerHead}). Every method is a strict reading of RFC 9112:
 * what it does not accept is left to Netty's decoder.
 */
final class HeadBytes {

    /** The head is not complete in what was read so far. */
    static final int INCOMPLETE = -1;
    /** Not a plain head: the decoder reads it. */
    static final int NOT_PLAIN = -2;

    private HeadBytes() {}

    /** Whether Netty's decoder, writing to {@code out} from {@code from} on, finished a message: the next byte starts one. */
    static boolean endsMessage(List<Object> out, int from) {
        for (int i = from; i < out.size(); i++) {
            if (out.get(i) instanceof LastHttpContent) {
                return true;
            }
        }
        return false;
    }

    /** The index of the LF ending the line that {@code from} is in, when a CR precedes it. */
    static int lineEnd(byte[] head, int from, int length) {
        for (int i = from; i < length; i++) {
            if (head[i] == '\n') {
                return i > 0 && head[i - 1] == '\r' ? i : NOT_PLAIN;
            }
        }
        return INCOMPLETE;
    }

    /** Case-insensitive match of the lower-case ASCII {@code name} at {@code at}. */
    static boolean named(byte[] head, int at, String name) {
        for (int i = 0; i < name.length(); i++) {
            int c = head[at + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code [from, to)} is exactly the lower-case ASCII {@code name}, in any case. */
    static boolean is(byte[] head, int from, int to, String name) {
        return to - from == name.length() && named(head, from, name);
    }

    /** A non-negative decimal of at most 18 digits, or -1. */
    static long digits(byte[] head, int from, int to) {
        if (to <= from || to - from > 18) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            if (!isDigit(head[i])) {
                return -1;
            }
            value = value * 10 + (head[i] - '0');
        }
        return value;
    }

    /** Where a header value in {@code [from, to)} starts, past the spaces and tabs before it. */
    static int valueStart(byte[] head, int from, int to) {
        while (from < to && isSpace(head[from])) {
            from++;
        }
        return from;
    }

    /** Where a header value in {@code [from, to)} ends, before the spaces and tabs after it. */
    static int valueEnd(byte[] head, int from, int to) {
        while (to > from && isSpace(head[to - 1])) {
            to--;
        }
        return to;
    }

    static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    static boolean isSpace(byte c) {
        return c == ' ' || c == '\t';
    }

    /** A token character (RFC 9110 section 5.6.2): what methods and header names are made of. */
    static boolean isToken(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c > ' ' && c < 0x7f && "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
