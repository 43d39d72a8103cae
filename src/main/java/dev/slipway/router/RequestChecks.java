package dev.slipway.router;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * What the router refuses in a decoded request's head, before it routes it, and the host it routes
 * by. Netty's decoder reads the syntax; these are the rules of RFC 9112 that decide which upstream a
 * request goes to and where its body ends, so that the router and the upstream cannot read one
 * request two ways (request smuggling, routing by one host and forwarding another).
 */
final class RequestChecks {

    /** The request may go on, routed by {@code host} (null: an HTTP/1.0 request without one). */
    record Routable(String host) implements Verdict {}

    /** The router answers {@code status} itself; the message names the field. */
    record Refused(int status, String message) implements Verdict {}

    sealed interface Verdict permits Routable, Refused {}

    static final Refused BAD_HOST = new Refused(400, "The Host header is not a host name with an optional port.");

    private RequestChecks() {}

    /**
     * Checks {@code request}; an absolute-form one (RFC 9112 section 3.2.2) is rewritten to origin form
     * with its Host set to the authority it is routed by, so the upstream never sees another.
     */
    static Verdict check(HttpRequest request) {
        HttpVersion version = request.protocolVersion();
        if (version.majorVersion() != 1 || version.minorVersion() > 1) {
            return new Refused(505, "Only HTTP/1.0 and HTTP/1.1 are served.");
        }
        if (request.method().equals(HttpMethod.CONNECT)) {
            return new Refused(405, "CONNECT is not served: the router is not a forward proxy.");
        }
        HttpHeaders headers = request.headers();
        List<String> hosts = headers.getAll(HttpHeaderNames.HOST);
        if (hosts.size() > 1) {
            return new Refused(400, "The request has more than one Host header.");
        }
        String host = hosts.isEmpty() ? null : hosts.getFirst().strip();
        if (host == null && version.minorVersion() == 1) {
            return new Refused(400, "An HTTP/1.1 request needs a Host header.");
        }
        if (host != null && !isHost(host)) {
            return BAD_HOST;
        }
        String uri = request.uri();
        if (!uri.startsWith("/")) {
            if (uri.equals("*") && request.method().equals(HttpMethod.OPTIONS)) {
                return new Routable(host);
            }
            Verdict absolute = absolute(request, uri);
            if (absolute instanceof Refused) {
                return absolute;
            }
            host = ((Routable) absolute).host();
        }
        Refused framing = framing(headers, version);
        return framing != null ? framing : new Routable(host);
    }

    /** An absolute-form target: http(s), an authority without userinfo, routed by it and forwarded with it as Host. */
    private static Verdict absolute(HttpRequest request, String uri) {
        URI target;
        try {
            target = new URI(uri);
        } catch (URISyntaxException e) {
            return new Refused(400, "The request target is neither a path nor an absolute URI.");
        }
        String scheme = target.getScheme();
        if (scheme == null || !scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
            return new Refused(400, "The request target is neither a path nor an http or https URI.");
        }
        if (target.getRawUserInfo() != null) {
            return new Refused(400, "The request target's authority has user information.");
        }
        String authority = target.getRawAuthority();
        if (authority == null || !isHost(authority)) {
            return new Refused(400, "The request target's authority is not a host name with an optional port.");
        }
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        request.setUri(target.getRawQuery() == null ? path : path + "?" + target.getRawQuery());
        request.headers().set(HttpHeaderNames.HOST, authority);
        return new Routable(authority);
    }

    /**
     * RFC 9112 section 6: chunked, once and last, only in HTTP/1.1, never with a Content-Length (which
     * Netty's decoder has checked on its own: one value, digits only).
     */
    private static Refused framing(HttpHeaders headers, HttpVersion version) {
        List<String> encodings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (encodings.isEmpty()) {
            return null;
        }
        if (version.minorVersion() == 0) {
            return new Refused(400, "Transfer-Encoding is not allowed in an HTTP/1.0 request.");
        }
        if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            return new Refused(400, "The request has both Transfer-Encoding and Content-Length.");
        }
        String[] codings = String.join(",", encodings).split(",", -1);
        int chunked = 0;
        for (String coding : codings) {
            String name = coding.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                return new Refused(400, "The Transfer-Encoding header has an empty coding.");
            }
            chunked += name.equals("chunked") ? 1 : 0;
        }
        if (chunked != 1 || !codings[codings.length - 1].strip().equalsIgnoreCase("chunked")) {
            return new Refused(400, "The Transfer-Encoding header must end with chunked, once.");
        }
        if (codings.length > 1) {
            return new Refused(501, "Only the chunked transfer coding is served.");
        }
        return null;
    }

    /**
     * A DNS name or IPv4 address, or an IPv6 literal in brackets, then an optional port: what a route
     * can name. Stricter than RFC 3986's reg-name, which allows characters no route is made of.
     */
    static boolean isHost(String value) {
        int end = value.length();
        int i = 0;
        if (value.startsWith("[")) {
            i = value.indexOf(']');
            if (i < 2) {
                return false;
            }
            for (int j = 1; j < i; j++) {
                char c = value.charAt(j);
                if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
                    return false;
                }
            }
            i++;
        } else {
            while (i < end && isNameChar(value.charAt(i))) {
                i++;
            }
            if (i == 0) {
                return false;
            }
        }
        if (i == end) {
            return true;
        }
        if (value.charAt(i) != ':' || end - i - 1 > 5) {
            return false;
        }
        for (int j = i + 1; j < end; j++) {
            if (value.charAt(j) < '0' || value.charAt(j) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_';
    }
}
