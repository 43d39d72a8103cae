package dev.slipway.router;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Picks the upstream for each request from the Host header, counts it in flight, and hands it to
 * the proxy. Runs for every request, including each one on a kept-alive client connection, which is
 * why a switch reaches the very next request on an open connection.
 */
final class RoutingHandler extends Handler.Wrapper {

    private final RouteTable table;
    private final InFlight inFlight;
    private final long maxRequestBodyBytes;

    RoutingHandler(RouteTable table, InFlight inFlight, long maxRequestBodyBytes, Handler proxy) {
        super(proxy);
        this.table = table;
        this.inFlight = inFlight;
        this.maxRequestBodyBytes = maxRequestBodyBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host == null) {
            host = request.getHttpURI().getHost();
        }
        // The count must start while the route is read, so a switch-then-drain cannot miss this request.
        InFlight.Tracked[] tracked = new InFlight.Tracked[1];
        Resolution resolution = table.resolve(host, upstream -> tracked[0] = inFlight.track(upstream, callback));
        switch (resolution) {
            case Resolution.UnknownHost unknown -> {
                ErrorPages.write(request, response, callback, HttpStatus.NOT_FOUND_404,
                        "No application answers at '" + unknown.host() + "'.");
                return true;
            }
            case Resolution.NoUpstream none -> {
                ErrorPages.write(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503,
                        "Environment " + none.project() + "/" + none.environment() + " has no running release yet.");
                return true;
            }
            case Resolution.Routed routed -> {
                return proxy(request, response, tracked[0], routed);
            }
        }
    }

    private boolean proxy(Request request, Response response, InFlight.Tracked tracked, Resolution.Routed routed) {
        // Refuse an announced oversized body before the upstream sees a byte; chunked ones are cut by SizeLimitHandler.
        if (request.getLength() > maxRequestBodyBytes) {
            ErrorPages.write(request, response, tracked, HttpStatus.PAYLOAD_TOO_LARGE_413,
                    "The request body is larger than " + maxRequestBodyBytes + " bytes.");
            return true;
        }
        request.setAttribute(UpstreamProxy.ROUTED, routed);
        request.setAttribute(UpstreamProxy.TRACKED, tracked);
        try {
            if (!super.handle(request, response, tracked)) {
                ErrorPages.write(request, response, tracked, HttpStatus.BAD_GATEWAY_502, "The request could not be proxied.");
            }
        } catch (Throwable failure) {
            // Completing the tracked callback releases the count and lets Jetty answer with an error.
            tracked.failed(failure);
        }
        return true;
    }
}
