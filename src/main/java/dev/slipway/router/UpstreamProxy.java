package dev.slipway.router;

import org.eclipse.jetty.client.AbstractConnectionPool;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one request to the upstream that {@link RoutingHandler} chose, streaming both bodies.
 * Jetty's proxy does the HTTP work (hop-by-hop headers, streaming, back-pressure); this class adds
 * where to send, the forwarded headers, timeouts, our error pages and one retry on refused connects.
 */
final class UpstreamProxy extends ProxyHandler.Reverse {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamProxy.class);
    static final String ROUTED = UpstreamProxy.class.getName() + ".routed";
    static final String TRACKED = UpstreamProxy.class.getName() + ".tracked";
    private static final String RETRIED = UpstreamProxy.class.getName() + ".retried";

    private final RouterOptions options;
    private final Executor executor;

    /** {@code executor} is the server's thread pool, shared so that a proxied exchange never hops between two pools. */
    UpstreamProxy(RouterOptions options, Executor executor) {
        super(UpstreamProxy::target);
        this.options = options;
        this.executor = executor;
        // Otherwise Jetty looks up the local host name on start, which can hang on a machine without DNS.
        setViaHost("slipway");
    }

    private static HttpURI target(Request request) {
        InFlight.Tracked tracked = (InFlight.Tracked) request.getAttribute(TRACKED);
        Upstream upstream = tracked.upstream();
        return HttpURI.build(request.getHttpURI()).scheme("http").user(null).host(upstream.host()).port(upstream.port());
    }

    @Override
    protected HttpClient newHttpClient() {
        ClientConnector connector = new ClientConnector();
        // Jetty's own ProxyServlet shares the server's pool too; a second pool doubled the threads a
        // busy router parks and wakes for each request (measured with JFR in bench/RESULTS.md).
        connector.setExecutor(executor);
        connector.setConnectTimeout(options.connectTimeout());
        // Upstreams are plain HTTP/1.1 containers; no protocol negotiation needed.
        return new HttpClient(new HttpClientTransportOverHTTP(connector));
    }

    @Override
    protected void configureHttpClient(HttpClient client) {
        super.configureHttpClient(client);
        client.setConnectTimeout(options.connectTimeout().toMillis());
        client.setIdleTimeout(options.idleTimeout().toMillis());
        client.setMaxConnectionsPerDestination(options.maxConnectionsPerUpstream());
        // Containers come and go on new ports; forget the pools of upstreams no longer used.
        client.setDestinationIdleTimeout(options.idleTimeout().toMillis());
        // Pass the client's User-Agent through unchanged, and add none when it sent none.
        client.setUserAgentField(null);
    }

    @Override
    protected org.eclipse.jetty.client.Request newProxyToServerRequest(Request clientToProxyRequest, HttpURI target) {
        // An idle timeout, not a total one: a slow download that keeps sending is not a timeout.
        return super.newProxyToServerRequest(clientToProxyRequest, target)
                .idleTimeout(options.responseTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Closes the pooled connections to upstreams being retired, so nothing holds their sockets open. */
    void closeConnections(java.util.Collection<Upstream> upstreams) {
        HttpClient client = getHttpClient();
        for (Destination destination : client.getDestinations()) {
            Origin.Address address = destination.getOrigin().getAddress();
            if (upstreams.contains(new Upstream(address.getHost(), address.getPort()))) {
                client.removeDestination(destination);
                if (destination instanceof LifeCycle lifeCycle) {
                    LifeCycle.stop(lifeCycle);
                }
            }
        }
    }

    int connections(Upstream upstream) {
        for (Destination destination : getHttpClient().getDestinations()) {
            Origin.Address address = destination.getOrigin().getAddress();
            if (address.getHost().equals(upstream.host()) && address.getPort() == upstream.port()
                    && destination.getConnectionPool() instanceof AbstractConnectionPool pool) {
                return pool.getConnectionCount();
            }
        }
        return 0;
    }

    @Override
    protected void addForwardedHeader(Request clientToProxyRequest, org.eclipse.jetty.client.Request proxyToServerRequest) {
        String host = clientToProxyRequest.getHeaders().get(HttpHeader.HOST);
        String value = ForwardedHeaders.forwarded(ForwardedHeaders.clientAddress(clientToProxyRequest), host,
                ForwardedHeaders.proto(clientToProxyRequest));
        proxyToServerRequest.headers(headers -> headers.put(HttpHeader.FORWARDED, value));
    }

    @Override
    protected void addProxyHeaders(Request clientToProxyRequest, org.eclipse.jetty.client.Request proxyToServerRequest) {
        // The router is the edge: what a client claims in these headers is replaced, not trusted.
        String clientAddress = ForwardedHeaders.clientAddress(clientToProxyRequest);
        String host = clientToProxyRequest.getHeaders().get(HttpHeader.HOST);
        String proto = ForwardedHeaders.proto(clientToProxyRequest);
        proxyToServerRequest.headers(headers -> {
            headers.remove(HttpHeader.FORWARDED);
            headers.put(HttpHeader.X_FORWARDED_FOR, clientAddress);
            headers.put(HttpHeader.X_FORWARDED_PROTO, proto);
            if (host != null) {
                headers.put(HttpHeader.X_FORWARDED_HOST, host);
            } else {
                headers.remove(HttpHeader.X_FORWARDED_HOST);
            }
        });
        super.addProxyHeaders(clientToProxyRequest, proxyToServerRequest);
    }

    @Override
    protected void onServerToProxyResponseFailure(Request clientToProxyRequest, org.eclipse.jetty.client.Request proxyToServerRequest,
                                                  org.eclipse.jetty.client.Response serverToProxyResponse, Response proxyToClientResponse,
                                                  Callback proxyToClientCallback, Throwable failure) {
        InFlight.Tracked tracked = (InFlight.Tracked) clientToProxyRequest.getAttribute(TRACKED);
        Upstream failed = tracked.upstream();
        if (proxyToClientResponse.isCommitted()) {
            // Part of the upstream's answer already went out: the only honest signal left is to abort.
            LOG.info("upstream {} failed after the response started: {}", failed, failure.toString());
            proxyToClientCallback.failed(failure);
            return;
        }
        Upstream other = retryTarget(clientToProxyRequest, failed, failure);
        if (other != null) {
            LOG.info("upstream {} refused the connection; retrying on {}", failed, other);
            clientToProxyRequest.setAttribute(RETRIED, Boolean.TRUE);
            tracked.moveTo(other);
            proxyToClientResponse.reset();
            handle(clientToProxyRequest, proxyToClientResponse, proxyToClientCallback);
            return;
        }
        int status = status(failure);
        String message = switch (status) {
            case HttpStatus.GATEWAY_TIMEOUT_504 -> "The application did not answer in time.";
            case HttpStatus.BAD_GATEWAY_502 -> "The application could not be reached or failed to answer.";
            default -> HttpStatus.getMessage(status);
        };
        LOG.info("upstream {} failed, answering {}: {}", failed, status, failure.toString());
        proxyToClientResponse.reset();
        ErrorPages.write(clientToProxyRequest, proxyToClientResponse, proxyToClientCallback, status, message);
    }

    /**
     * Another upstream of the same set, when trying it cannot send anything twice: only a refused
     * connection (the upstream saw nothing) on a request without body (nothing was consumed), once.
     */
    private static Upstream retryTarget(Request request, Upstream failed, Throwable failure) {
        if (request.getAttribute(RETRIED) != null || !has(failure, ConnectException.class) || hasBody(request)) {
            return null;
        }
        Resolution.Routed routed = (Resolution.Routed) request.getAttribute(ROUTED);
        List<Upstream> set = routed.set();
        int at = set.indexOf(failed);
        for (int i = 1; i < set.size(); i++) {
            Upstream candidate = set.get(Math.floorMod(at + i, set.size()));
            if (!candidate.equals(failed)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean hasBody(Request request) {
        return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    private static int status(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpException http && http.getCode() >= 400) {
                return http.getCode();
            }
            if (t instanceof TimeoutException) {
                return HttpStatus.GATEWAY_TIMEOUT_504;
            }
        }
        return HttpStatus.BAD_GATEWAY_502;
    }

    private static boolean has(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
