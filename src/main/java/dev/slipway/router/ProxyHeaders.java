package dev.slipway.router;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the router changes in the heads it passes on: hop-by-hop headers are removed (RFC 9110
 * section 7.6.1), and the forwarding headers are set. The router is the edge, so whatever a client
 * sent in {@code X-Forwarded-*} or {@code Forwarded} is replaced, never trusted or appended to.
 */
final class ProxyHeaders {

    private static final List<CharSequence> HOP_BY_HOP = List.of(HttpHeaderNames.KEEP_ALIVE,
            HttpHeaderNames.PROXY_CONNECTION, HttpHeaderNames.TE, HttpHeaderNames.TRAILER,
            HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION);
    private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    private static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    private static final AsciiString FORWARDED = AsciiString.cached("forwarded");
    private static final AsciiString HTTP = AsciiString.cached("http");
    private static final java.util.Set<String> FRAMING = java.util.Set.of("transfer-encoding", "content-length", "host");
    private static final List<CharSequence> SET_BY_US = List.of(AsciiString.cached("x-forwarded-port"),
            AsciiString.cached("x-forwarded-server"));

    private ProxyHeaders() {}

    /**
     * What the router sets for one client and host, built once per connection and host (a connection's
     * requests nearly always name the same one): as ASCII strings, which the encoder copies in one go,
     * and as the header lines that end a plain request's head.
     */
    record Forwarding(String host, AsciiString clientAddress, AsciiString hostValue, AsciiString forwarded, byte[] lines) {
        static Forwarding of(String clientAddress, String host) {
            String forwarded = ProxyHeaders.forwarded(clientAddress, host, "http");
            StringBuilder lines = new StringBuilder(160)
                    .append("X-Forwarded-For: ").append(clientAddress).append("\r\n")
                    .append("X-Forwarded-Proto: http\r\n");
            if (host != null) {
                lines.append("X-Forwarded-Host: ").append(host).append("\r\n");
            }
            lines.append("Forwarded: ").append(forwarded).append("\r\n\r\n");
            return new Forwarding(host, new AsciiString(clientAddress), host == null ? null : new AsciiString(host),
                    new AsciiString(forwarded), lines.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /**
     * Completes a plain request's head for the upstream ({@link PlainRequestHead} left out the client's
     * hop-by-hop and forwarding lines): the same forwarding headers as {@link #toUpstream(HttpRequest,
     * Forwarding, boolean)} sets, and the empty line that ends the head.
     */
    static void toUpstream(ByteBuf lines, Forwarding forwarding) {
        lines.writeBytes(forwarding.lines());
    }

    /**
     * Prepares a client's request for the upstream: always HTTP/1.1 on a kept-alive connection. An
     * upgrade keeps its {@code Upgrade} and {@code Connection} headers, which is what makes it one.
     */
    static void toUpstream(HttpRequest request, Forwarding forwarding, boolean upgrade) {
        HttpHeaders headers = request.headers();
        if (upgrade) {
            removeHopByHop(headers);
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        } else {
            removeConnectionHeaders(headers);
            headers.remove(HttpHeaderNames.UPGRADE);
        }
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        for (CharSequence name : SET_BY_US) {
            headers.remove(name);
        }
        headers.set(X_FORWARDED_FOR, forwarding.clientAddress());
        headers.set(X_FORWARDED_PROTO, HTTP);
        if (forwarding.host() != null) {
            headers.set(X_FORWARDED_HOST, forwarding.hostValue());
        } else {
            headers.remove(X_FORWARDED_HOST);
        }
        headers.set(FORWARDED, forwarding.forwarded());
    }

    /** Prepares an upstream's answer for the client (the 101 of an upgrade is passed on untouched). */
    static void toClient(HttpResponse response) {
        removeConnectionHeaders(response.headers());
        response.headers().remove(HttpHeaderNames.UPGRADE);
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
    }

    /** RFC 7239: {@code for=192.0.2.1;host=test.shop.localhost;proto=http}, quoting what is not a token. */
    static String forwarded(String clientAddress, String host, String proto) {
        StringBuilder value = new StringBuilder(64).append("for=");
        // IPv6 addresses are bracketed and quoted (RFC 7239 section 6).
        value.append(clientAddress.indexOf(':') >= 0 ? "\"[" + clientAddress + "]\"" : clientAddress);
        if (host != null) {
            value.append(";host=").append(isToken(host) ? host : quote(host));
        }
        return value.append(";proto=").append(proto).toString();
    }

    /** {@code Connection} and every header it names, plus the fixed hop-by-hop ones. */
    private static void removeConnectionHeaders(HttpHeaders headers) {
        String connection = headers.get(HttpHeaderNames.CONNECTION);
        if (connection != null && !connection.equalsIgnoreCase("keep-alive") && !connection.equalsIgnoreCase("close")) {
            for (String token : connection.split(",")) {
                String name = token.trim();
                // A client may not name the headers that frame the message or pick the route.
                if (!name.isEmpty() && !FRAMING.contains(name.toLowerCase())) {
                    headers.remove(name);
                }
            }
        }
        if (connection != null) {
            headers.remove(HttpHeaderNames.CONNECTION);
        }
        removeHopByHop(headers);
    }

    private static void removeHopByHop(HttpHeaders headers) {
        if (headers.isEmpty()) {
            return;
        }
        for (CharSequence name : HOP_BY_HOP) {
            headers.remove(name);
        }
    }

    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = Character.isLetterOrDigit(c) && c < 128 || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
