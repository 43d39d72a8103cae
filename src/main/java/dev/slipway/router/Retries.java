package dev.slipway.router;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpMethod;

import java.net.ConnectException;
import java.util.List;

/** When a failed exchange may be sent again, and where to. */
final class Retries {

    private Retries() {}

    /**
     * Another upstream of the same set after a connection that was never made: refused, no route to the
     * host (a node that went away), or not accepted within the connect timeout (a host that drops what
     * it is sent). The upstream saw nothing, so nothing can happen twice. Null after any other failure,
     * or when the set has no other upstream.
     */
    static Upstream otherUpstream(List<Upstream> set, Upstream failed, Throwable cause) {
        if (!(cause instanceof ConnectException) && !(cause instanceof ConnectTimeoutException)
                && !(cause instanceof java.net.NoRouteToHostException)) {
            return null;
        }
        return another(set, failed);
    }

    /** The next upstream of the set after {@code failed}, or null when it has no other. */
    static Upstream another(List<Upstream> set, Upstream failed) {
        int at = set.indexOf(failed);
        for (int i = 1; i < set.size(); i++) {
            Upstream candidate = set.get(Math.floorMod(at + i, set.size()));
            if (!candidate.equals(failed)) {
                return candidate;
            }
        }
        return null;
    }

    /** RFC 9110 section 9.2.2: sending these twice has the effect of sending them once. */
    static boolean isIdempotent(HttpMethod method) {
        return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS
                || method == HttpMethod.PUT || method == HttpMethod.DELETE || method == HttpMethod.TRACE;
    }
}
