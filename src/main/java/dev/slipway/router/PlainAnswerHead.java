package dev.slipway.router;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

import static dev.slipway.router.HeadBytes.INCOMPLETE;
import static dev.slipway.router.HeadBytes.NOT_PLAIN;
import static dev.slipway.router.HeadBytes.digits;
import static dev.slipway.router.HeadBytes.isDigit;
import static dev.slipway.router.HeadBytes.lineEnd;
import static dev.slipway.router.HeadBytes.named;

/**
 * Reads an upstream's answer head as bytes and says whether it is a plain one: HTTP/1.1, a final
 * status with a body, framed by one {@code Content-Length}, every line ending in CRLF. Such an
 * answer reaches the client as the upstream wrote it, less its hop-by-hop lines, without being
 * decoded into header objects and encoded again (that round trip was about a quarter of the time
 * the router spent in its own code per request). Anything else, chunked, interim, close-delimited, folded, or a {@code Connection}
 * header naming other headers, is left to Netty's decoder. One instance per upstream connection,
 * reused for each answer.
 */
final class PlainAnswerHead implements HeadCopy.Scanner {


    private static final byte[] HTTP_11 = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);
    /** Hop-by-hop lines to drop (RFC 9110 section 7.6.1); an answer with more than this is not plain. */
    private static final int MAX_DROPPED = 8;
    /** Besides {@code Connection}; lower case. */
    private static final String[] HOP_BY_HOP = {"keep-alive", "proxy-connection", "te", "trailer", "upgrade",
            "proxy-authenticate", "proxy-authorization"};

    private int status;
    private long contentLength;
    private final DroppedLines dropped = new DroppedLines(MAX_DROPPED);

    /**
     * Scans {@code head[0, length)}. Returns the length of a plain answer's head, {@link HeadBytes#INCOMPLETE}
     * or {@link HeadBytes#NOT_PLAIN}; after a length, {@link #status()}, {@link #contentLength()} and
     * {@link #copyTo} describe it.
     */
    @Override
    public int scan(byte[] head, int length) {
        dropped.clear();
        contentLength = -1;
        if (length < 14) {
            return startsLike(head, length) ? INCOMPLETE : NOT_PLAIN;
        }
        if (!startsLike(head, HTTP_11.length) || !isDigit(head[9]) || !isDigit(head[10]) || !isDigit(head[11])
                || head[12] != ' ' && head[12] != '\r') {
            return NOT_PLAIN;
        }
        status = (head[9] - '0') * 100 + (head[10] - '0') * 10 + (head[11] - '0');
        if (status < 200 || status == 204 || status == 304 || status > 599) {
            return NOT_PLAIN;
        }
        int lineEnd = lineEnd(head, 12, length);
        if (lineEnd < 0) {
            return lineEnd;
        }
        int line = lineEnd + 1;
        while (true) {
            if (line + 1 >= length) {
                return INCOMPLETE;
            }
            if (head[line] == '\r') {
                if (head[line + 1] != '\n') {
                    return NOT_PLAIN;
                }
                return contentLength < 0 ? NOT_PLAIN : line + 2;
            }
            if (head[line] == ' ' || head[line] == '\t') {
                return NOT_PLAIN; // an obsolete folded line
            }
            int colon = line;
            while (colon < length && head[colon] != ':' && head[colon] != '\n') {
                byte c = head[colon];
                if (c == ' ' || c == '\t' || c == '\r') {
                    return NOT_PLAIN;
                }
                colon++;
            }
            if (colon == length) {
                return INCOMPLETE;
            }
            if (head[colon] != ':' || colon == line) {
                return NOT_PLAIN;
            }
            lineEnd = lineEnd(head, colon, length);
            if (lineEnd < 0) {
                return lineEnd;
            }
            if (!header(head, line, colon, lineEnd)) {
                return NOT_PLAIN;
            }
            line = lineEnd + 1;
        }
    }

    int status() {
        return status;
    }

    long contentLength() {
        return contentLength;
    }

    /** The head of {@code length} bytes as the client gets it: every line but the hop-by-hop ones. */
    void copyTo(byte[] head, int length, ByteBuf out) {
        dropped.copy(head, length, out);
    }

    /** Reads one header line {@code [line, lineEnd]}; false when it makes the answer not plain. */
    private boolean header(byte[] head, int line, int colon, int lineEnd) {
        int nameLength = colon - line;
        int valueStart = HeadBytes.valueStart(head, colon + 1, lineEnd - 1);
        int valueEnd = HeadBytes.valueEnd(head, valueStart, lineEnd - 1); // before the CR
        if (nameLength == 14 && named(head, line, "content-length")) {
            if (contentLength >= 0) {
                return false;
            }
            contentLength = digits(head, valueStart, valueEnd);
            return contentLength >= 0;
        }
        if (nameLength == 17 && named(head, line, "transfer-encoding")) {
            return false;
        }
        if (nameLength == 10 && named(head, line, "connection")) {
            // keep-alive is what HTTP/1.1 means anyway; close, or names of other headers, go to the decoder.
            return valueEnd - valueStart == 10 && named(head, valueStart, "keep-alive") && dropped.add(line, lineEnd);
        }
        for (String hopByHop : HOP_BY_HOP) {
            if (nameLength == hopByHop.length() && named(head, line, hopByHop)) {
                return dropped.add(line, lineEnd);
            }
        }
        return true;
    }

    private static boolean startsLike(byte[] head, int length) {
        for (int i = 0; i < Math.min(length, HTTP_11.length); i++) {
            if (head[i] != HTTP_11[i]) {
                return false;
            }
        }
        return true;
    }
}
