package dev.slipway.router;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * WebSocket pass-through. Jetty's proxy drops {@code Upgrade} (a hop-by-hop header), so an upgrade
 * request takes another path: the router opens its own connection to the chosen upstream, sends the
 * handshake, and when the upstream answers 101 it answers 101 too and hands the client's connection
 * to a {@link TunnelConnection} that copies bytes both ways until either side closes. Any other answer
 * (403, 404, …) is relayed as it is. An open tunnel counts as a request in flight on its upstream,
 * so a drain waits for it; when the drain times out, the tunnels still open are closed.
 */
final class WebSocketTunnels {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketTunnels.class);
    /** An upstream's answer to a handshake that is not 101 is a short error page; more is refused. */
    private static final int MAX_REFUSAL_BYTES = 1024 * 1024;
    private static final int MAX_HEAD_BYTES = 64 * 1024;

    private final InFlight inFlight;
    private final RouterOptions options;
    private final ConcurrentHashMap<Upstream, Set<TunnelConnection>> open = new ConcurrentHashMap<>();

    WebSocketTunnels(InFlight inFlight, RouterOptions options) {
        this.inFlight = inFlight;
        this.options = options;
    }

    static boolean isUpgrade(Request request) {
        String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
        return upgrade != null && upgrade.trim().equalsIgnoreCase("websocket")
                && request.getHeaders().contains(HttpHeader.CONNECTION, "upgrade")
                && "GET".equals(request.getMethod());
    }

    /** Tunnels now open to {@code upstream}. */
    int openTo(Upstream upstream) {
        Set<TunnelConnection> set = open.get(upstream);
        return set == null ? 0 : set.size();
    }

    /** Closes every tunnel to these upstreams (their drain timed out; the containers are about to stop). */
    void closeAll(Collection<Upstream> upstreams) {
        for (Upstream upstream : upstreams) {
            Set<TunnelConnection> set = open.remove(upstream);
            if (set != null) {
                set.forEach(TunnelConnection::close);
            }
        }
    }

    /** Handshakes on a virtual thread, so a slow upstream holds no server thread. */
    void open(Request request, Response response, Callback callback, Upstream upstream, RouterMetrics.Meters meters) {
        Thread.ofVirtual().name("websocket-handshake-" + upstream).start(() -> handshake(request, response, callback, upstream, meters));
    }

    private void handshake(Request request, Response response, Callback callback, Upstream upstream, RouterMetrics.Meters meters) {
        Socket socket = new Socket();
        boolean tunnelled = false;
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(upstream.host(), upstream.port()), (int) options.connectTimeout().toMillis());
            socket.setSoTimeout((int) options.responseTimeout().toMillis());
            socket.getOutputStream().write(handshakeRequest(request));
            socket.getOutputStream().flush();
            InputStream fromUpstream = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            UpstreamHead head = UpstreamHead.read(fromUpstream, MAX_HEAD_BYTES);
            if (head.status() != HttpStatus.SWITCHING_PROTOCOLS_101) {
                relayRefusal(head, fromUpstream, response, callback);
                return;
            }
            // From here on silence is normal; only the client-side idle timeout ends a quiet tunnel.
            socket.setSoTimeout(0);
            response.setStatus(HttpStatus.SWITCHING_PROTOCOLS_101);
            head.fields().forEach(f -> response.getHeaders().add(f.getName(), f.getValue()));
            TunnelConnection tunnel = new TunnelConnection(request.getConnectionMetaData().getConnection().getEndPoint(),
                    request.getComponents().getExecutor(), socket, fromUpstream, inFlight.track(upstream, Callback.NOOP), meters,
                    closed -> forget(upstream, closed));
            open.computeIfAbsent(upstream, u -> ConcurrentHashMap.newKeySet()).add(tunnel);
            request.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, tunnel);
            tunnelled = true;
            callback.succeeded();
        } catch (ConnectException e) {
            fail(request, response, callback, HttpStatus.BAD_GATEWAY_502, "The application could not be reached.", upstream, e);
        } catch (SocketTimeoutException e) {
            fail(request, response, callback, HttpStatus.GATEWAY_TIMEOUT_504, "The application did not answer in time.", upstream, e);
        } catch (IOException | RuntimeException e) {
            fail(request, response, callback, HttpStatus.BAD_GATEWAY_502, "The application failed to answer the WebSocket handshake.", upstream, e);
        } finally {
            if (!tunnelled) {
                closeQuietly(socket);
            }
        }
    }

    private void forget(Upstream upstream, TunnelConnection closed) {
        open.computeIfPresent(upstream, (u, set) -> {
            set.remove(closed);
            return set.isEmpty() ? null : set;
        });
    }

    /** The client's handshake with the connection-level headers rebuilt: the upgrade is the router's to pass on. */
    private static byte[] handshakeRequest(Request request) {
        StringBuilder head = new StringBuilder(512);
        head.append("GET ").append(request.getHttpURI().getPathQuery()).append(" HTTP/1.1\r\n");
        String host = request.getHeaders().get(HttpHeader.HOST);
        for (HttpField field : request.getHeaders()) {
            HttpHeader known = field.getHeader();
            if (known != null && (ForwardedHeaders.isHeaderWeSet(known) || isHopByHop(known))) {
                continue;
            }
            head.append(field.getName()).append(": ").append(field.getValue()).append("\r\n");
        }
        String client = ForwardedHeaders.clientAddress(request);
        String proto = ForwardedHeaders.proto(request);
        head.append("Connection: Upgrade\r\nUpgrade: websocket\r\n");
        head.append("X-Forwarded-For: ").append(client).append("\r\n");
        head.append("X-Forwarded-Proto: ").append(proto).append("\r\n");
        if (host != null) {
            head.append("X-Forwarded-Host: ").append(host).append("\r\n");
        }
        head.append("Forwarded: ").append(ForwardedHeaders.forwarded(client, host, proto)).append("\r\n\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static boolean isHopByHop(HttpHeader header) {
        return switch (header) {
            case CONNECTION, KEEP_ALIVE, PROXY_CONNECTION, PROXY_AUTHORIZATION, TE, TRAILER, TRANSFER_ENCODING, UPGRADE -> true;
            default -> false;
        };
    }

    /** The upstream declined the upgrade: pass its answer on, bounded in size. */
    private static void relayRefusal(UpstreamHead head, InputStream in, Response response, Callback callback) throws IOException {
        byte[] body = head.readBody(in, MAX_REFUSAL_BYTES);
        response.setStatus(head.status());
        for (HttpField f : head.fields()) {
            HttpHeader known = f.getHeader();
            if (known == null || !(isHopByHop(known) || known == HttpHeader.CONTENT_LENGTH)) {
                response.getHeaders().add(f.getName(), f.getValue());
            }
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, java.nio.ByteBuffer.wrap(body), callback);
    }

    private static void fail(Request request, Response response, Callback callback, int status, String message, Upstream upstream, Exception e) {
        LOG.info("WebSocket handshake with {} failed, answering {}: {}", upstream, status, e.toString());
        if (response.isCommitted()) {
            callback.failed(e);
            return;
        }
        response.reset();
        ErrorPages.write(request, response, callback, status, message);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
