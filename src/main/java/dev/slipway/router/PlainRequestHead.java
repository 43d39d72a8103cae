package dev.slipway.router;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpMethod;

import java.nio.charset.StandardCharsets;

import static dev.slipway.router.HeadBytes.INCOMPLETE;
import static dev.slipway.router.HeadBytes.NOT_PLAIN;
import static dev.slipway.router.HeadBytes.digits;
import static dev.slipway.router.HeadBytes.is;
import static dev.slipway.router.HeadBytes.isToken;
import static dev.slipway.router.HeadBytes.lineEnd;

/**
 * Reads a client's request head as bytes and says whether it is a plain one: an HTTP/1.1 request in
 * origin form ({@code GET /path HTTP/1.1}), exactly one {@code Host}, no body (no
 * {@code Transfer-Encoding}, at most one {@code Content-Length: 0}), no {@code Expect} or
 * {@code Upgrade}, a {@code Connection} header only if it says {@code keep-alive}, token header names
 * right before their colon, values without control characters, every line ending in CRLF. Such a
 * request goes to its upstream as the client wrote it, less its hop-by-hop and forwarding lines
 * (the router appends its own), without being decoded into header objects and encoded again.
 *
 * <p>This is a strict subset of what Netty's decoder accepts, read the same way: anything else, a
 * body, a folded or bare-LF line, a second {@code Host} or {@code Content-Length}, an absolute URI,
 * HTTP/1.0, goes to the decoder, which validates it, answers 400, 413, 414 or 431, or frames its
 * body. No request is both: the choice is made once, at its first byte. One instance per client
 * connection, reused for each request.
 */
final class PlainRequestHead implements HeadCopy.Scanner {

    private static final byte[] HTTP_11 = " HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_METHOD = 20;
    private static final HttpMethod[] KNOWN_METHODS = {HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
            HttpMethod.DELETE, HttpMethod.OPTIONS, HttpMethod.PATCH, HttpMethod.TRACE, HttpMethod.CONNECT};
    /** Lines to drop; a request with more than this is not plain. */
    private static final int MAX_DROPPED = 12;
    /** Replaced by the router's own (see {@link ProxyHeaders}), or hop-by-hop (RFC 9110 section 7.6.1); lower case. */
    private static final String[] DROPPED = {"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host",
            "x-forwarded-port", "x-forwarded-server", "forwarded", "keep-alive", "proxy-connection", "te", "trailer",
            "proxy-authenticate", "proxy-authorization"};

    private HttpMethod method;
    private int hostStart;
    private int hostEnd;
    private int acceptStart;
    private int acceptEnd;
    private boolean contentLength;
    private final DroppedLines dropped = new DroppedLines(MAX_DROPPED);

    /**
     * Scans {@code head[0, length)}. Returns the length of a plain request's head, {@link HeadBytes#INCOMPLETE}
     * or {@link HeadBytes#NOT_PLAIN}; after a length, {@link #method()}, {@link #host}, {@link #accept}
     * and {@link #copyLinesTo} describe it.
     */
    @Override
    public int scan(byte[] head, int length) {
        dropped.clear();
        hostStart = -1;
        acceptStart = -1;
        contentLength = false;
        int target = requestLine(head, length);
        if (target < 0) {
            return target;
        }
        int line = target;
        while (true) {
            if (line >= length) {
                return INCOMPLETE;
            }
            if (head[line] == '\r') {
                if (line + 1 == length) {
                    return INCOMPLETE;
                }
                if (head[line + 1] != '\n') {
                    return NOT_PLAIN;
                }
                return hostStart < 0 ? NOT_PLAIN : line + 2;
            }
            int colon = line;
            while (colon < length && isToken(head[colon])) {
                colon++;
            }
            if (colon == length) {
                return INCOMPLETE;
            }
            // Also refuses an empty name, a space before the colon, and a folded line (which starts with one).
            if (head[colon] != ':' || colon == line) {
                return NOT_PLAIN;
            }
            int lineEnd = valueEnd(head, colon + 1, length);
            if (lineEnd < 0) {
                return lineEnd;
            }
            if (!header(head, line, colon, lineEnd)) {
                return NOT_PLAIN;
            }
            line = lineEnd + 1;
        }
    }

    HttpMethod method() {
        return method;
    }

    /** The Host header's value, without the spaces around it: {@code previous} when it is the same. */
    String host(byte[] head, String previous) {
        return value(head, hostStart, hostEnd, previous);
    }

    /** The Accept header's value, or null: {@code previous} when it is the same. */
    String accept(byte[] head, String previous) {
        return acceptStart < 0 ? null : value(head, acceptStart, acceptEnd, previous);
    }

    /**
     * {@code head[start, end)} as a string, reusing {@code previous} when it has the same characters: a
     * connection's requests nearly always repeat their Host and Accept, so most requests make no string.
     */
    private static String value(byte[] head, int start, int end, String previous) {
        if (previous != null && previous.length() == end - start) {
            int i = 0;
            while (i < end - start && head[start + i] == (byte) previous.charAt(i)) {
                i++;
            }
            if (i == end - start) {
                return previous;
            }
        }
        return new String(head, start, end - start, StandardCharsets.ISO_8859_1);
    }

    /**
     * The head of {@code length} bytes as the upstream gets it, without its final empty line: the
     * request line and every header line but the dropped ones. The router's own lines follow.
     */
    void copyLinesTo(byte[] head, int length, ByteBuf out) {
        dropped.copy(head, length - 2, out);
    }

    /** {@code METHOD SP /target SP HTTP/1.1 CRLF}: returns where the headers start. */
    private int requestLine(byte[] head, int length) {
        int space = 0;
        while (space < length && space <= MAX_METHOD && isToken(head[space])) {
            space++;
        }
        if (space == length) {
            return INCOMPLETE;
        }
        if (space == 0 || space > MAX_METHOD || head[space] != ' ') {
            return NOT_PLAIN;
        }
        method = method(head, space);
        if (method == HttpMethod.CONNECT) {
            return NOT_PLAIN;
        }
        int target = space + 1;
        if (target < length && head[target] != '/') {
            return NOT_PLAIN; // absolute form, '*', or not a request at all
        }
        int end = target;
        while (end < length && head[end] > ' ' && head[end] < 0x7f) {
            end++;
        }
        if (end + HTTP_11.length > length) {
            for (int i = end; i < length; i++) {
                if (head[i] != HTTP_11[i - end]) {
                    return NOT_PLAIN;
                }
            }
            return INCOMPLETE;
        }
        for (int i = 0; i < HTTP_11.length; i++) {
            if (head[end + i] != HTTP_11[i]) {
                return NOT_PLAIN;
            }
        }
        return end + HTTP_11.length;
    }

    /**
     * The LF ending a header value that starts at {@code from}: visible characters, spaces, tabs and
     * bytes past ASCII (obs-text) only, then CRLF.
     */
    private static int valueEnd(byte[] head, int from, int length) {
        for (int i = from; i < length; i++) {
            byte c = head[i];
            if (c == '\r') {
                if (i + 1 == length) {
                    return INCOMPLETE;
                }
                return head[i + 1] == '\n' ? i + 1 : NOT_PLAIN;
            }
            if (c >= 0 && c < ' ' && c != '\t' || c == 0x7f) {
                return NOT_PLAIN; // a bare LF, or another control character
            }
        }
        return INCOMPLETE;
    }

    /** Reads one header line {@code [line, lineEnd]}; false when it makes the request not plain. */
    private boolean header(byte[] head, int line, int colon, int lineEnd) {
        int valueStart = HeadBytes.valueStart(head, colon + 1, lineEnd - 1);
        int valueEnd = HeadBytes.valueEnd(head, valueStart, lineEnd - 1); // before the CR
        switch (colon - line) {
            case 4 -> {
                if (is(head, line, colon, "host")) {
                    if (hostStart >= 0 || valueStart == valueEnd) {
                        return false;
                    }
                    hostStart = valueStart;
                    hostEnd = valueEnd;
                    return true;
                }
            }
            case 6 -> {
                if (is(head, line, colon, "accept")) {
                    acceptStart = valueStart;
                    acceptEnd = valueEnd;
                    return true;
                }
                if (is(head, line, colon, "expect")) {
                    return false;
                }
            }
            case 7 -> {
                if (is(head, line, colon, "upgrade")) {
                    return false;
                }
            }
            case 10 -> {
                if (is(head, line, colon, "connection")) {
                    // keep-alive is what HTTP/1.1 means anyway; close, upgrade, or names of other headers go to the decoder.
                    return is(head, valueStart, valueEnd, "keep-alive") && dropped.add(line, lineEnd);
                }
            }
            case 14 -> {
                if (is(head, line, colon, "content-length")) {
                    if (contentLength || digits(head, valueStart, valueEnd) != 0) {
                        return false;
                    }
                    contentLength = true;
                    return true;
                }
            }
            case 17 -> {
                if (is(head, line, colon, "transfer-encoding")) {
                    return false;
                }
            }
            default -> { }
        }
        for (String name : DROPPED) {
            if (is(head, line, colon, name)) {
                return dropped.add(line, lineEnd);
            }
        }
        return true;
    }

    /** The common methods without a string made for them; the rest as Netty reads them. */
    private static HttpMethod method(byte[] head, int length) {
        for (HttpMethod known : KNOWN_METHODS) {
            if (exact(head, length, known)) {
                return known;
            }
        }
        return HttpMethod.valueOf(new String(head, 0, length, StandardCharsets.US_ASCII));
    }

    private static boolean exact(byte[] head, int length, HttpMethod method) {
        String name = method.name();
        if (name.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (head[i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
