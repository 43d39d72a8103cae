package dev.slipway.router;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * The forwarding headers the router sets on every request it passes on. The router is the edge, so
 * whatever a client sent in them is replaced, never trusted or appended to.
 */
final class ForwardedHeaders {

    private ForwardedHeaders() {}

    static String clientAddress(Request request) {
        return Request.getRemoteAddr(request);
    }

    static String proto(Request request) {
        return request.isSecure() ? "https" : "http";
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

    static boolean isHeaderWeSet(HttpHeader header) {
        return header == HttpHeader.FORWARDED || header == HttpHeader.X_FORWARDED_FOR
                || header == HttpHeader.X_FORWARDED_HOST || header == HttpHeader.X_FORWARDED_PROTO
                || header == HttpHeader.X_FORWARDED_PORT || header == HttpHeader.X_FORWARDED_SERVER;
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
