package dev.slipway.router;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;

/**
 * Picks the upstream for each request from the Host header, counts it in flight, and hands it to
 * the proxy (or, for a WebSocket upgrade, to a tunnel). Runs for every request, including each one
 * on a kept-alive client connection, which is why a switch reaches the very next request on an open
 * connection.
 */
final class RoutingHandler extends Handler.Wrapper {

    private final RouteTable table;
    private final InFlight inFlight;
    private final RouterMetrics metrics;
    private final WebSocketTunnels tunnels;
    private final long maxRequestBodyBytes;

    RoutingHandler(RouteTable table, InFlight inFlight, RouterMetrics metrics, WebSocketTunnels tunnels,
                   long maxRequestBodyBytes, Handler proxy) {
        super(proxy);
        this.table = table;
        this.inFlight = inFlight;
        this.metrics = metrics;
        this.tunnels = tunnels;
        this.maxRequestBodyBytes = maxRequestBodyBytes;
    }

    /**
     * Nothing on the way to the upstream blocks: the route lookup and counting are short, Jetty's proxy
     * is asynchronous, and WebSocket handshakes run on their own virtual thread. Saying so lets Jetty
     * run each request on the thread that read it, as nginx does, instead of waking a pool thread for
     * it (the wake-ups were most of the router's cost on one core; bench/RESULTS.md).
     */
    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
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
                Callback measured = Measured.wrap(callback, response, metrics.of(none.project(), none.environment()));
                ErrorPages.write(request, response, measured, HttpStatus.SERVICE_UNAVAILABLE_503,
                        "Environment " + none.project() + "/" + none.environment() + " has no running release yet.");
                return true;
            }
            case Resolution.Routed routed -> {
                return proxy(request, response, tracked[0], routed);
            }
        }
    }

    private boolean proxy(Request request, Response response, InFlight.Tracked tracked, Resolution.Routed routed) {
        RouterMetrics.Meters meters = metrics.of(routed.project(), routed.environment());
        Callback measured = Measured.wrap(tracked, response, meters);
        // Refuse an announced oversized body before the upstream sees a byte; chunked ones are cut by SizeLimitHandler.
        if (request.getLength() > maxRequestBodyBytes) {
            ErrorPages.write(request, response, measured, HttpStatus.PAYLOAD_TOO_LARGE_413,
                    "The request body is larger than " + maxRequestBodyBytes + " bytes.");
            return true;
        }
        if (WebSocketTunnels.isUpgrade(request)) {
            tunnels.open(request, response, measured, tracked.upstream(), meters);
            return true;
        }
        request.setAttribute(UpstreamProxy.ROUTED, routed);
        request.setAttribute(UpstreamProxy.TRACKED, tracked);
        try {
            if (!super.handle(request, response, measured)) {
                ErrorPages.write(request, response, measured, HttpStatus.BAD_GATEWAY_502, "The request could not be proxied.");
            }
        } catch (Throwable failure) {
            // Completing the callback releases the count and lets Jetty answer with an error.
            measured.failed(failure);
        }
        return true;
    }

    /** Records the answer's status class and latency when the exchange completes. */
    private static final class Measured extends Callback.Nested {
        private final Response response;
        private final RouterMetrics.Meters meters;
        private final long started;

        private Measured(Callback callback, Response response, RouterMetrics.Meters meters) {
            super(callback);
            this.response = response;
            this.meters = meters;
            this.started = meters.start();
        }

        static Callback wrap(Callback callback, Response response, RouterMetrics.Meters meters) {
            return new Measured(callback, response, meters);
        }

        @Override
        public void succeeded() {
            meters.end(started, response.getStatus());
            super.succeeded();
        }

        @Override
        public void failed(Throwable failure) {
            // The client saw no complete answer: count it with the server errors.
            meters.end(started, HttpStatus.INTERNAL_SERVER_ERROR_500);
            super.failed(failure);
        }
    }
}
