package dev.slipway.router;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process upstream on 127.0.0.1 that answers with its own name.
 * {@code /slow?ms=N} sleeps first; {@code /headers} echoes the forwarding headers; {@code /digest}
 * streams the request body into a SHA-256 and answers {@code <hex> <length>}.
 */
final class Backend implements AutoCloseable {

    final String name;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger slowDone = new AtomicInteger();

    /** Runs a backend and a router in a process of its own (see RouterStreamingTest); prints both ports. */
    public static void main(String[] args) throws Exception {
        Backend backend = new Backend("child");
        Router router = new Router(new RouteTable(), RouterOptions.DEFAULTS.withMaxRequestBodyBytes(1L << 30)).start("127.0.0.1", 0);
        router.switchTo("shop", "test", java.util.List.of(backend.upstream()));
        System.out.println("router-port " + router.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    Backend(String name) throws IOException {
        this.name = name;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::name);
        server.createContext("/slow", this::slow);
        server.createContext("/headers", this::headers);
        server.createContext("/digest", this::digest);
        server.createContext("/bytes", this::bytes);
        server.start();
    }

    /** Slow requests that finished sleeping; counted before the answer is written, so before any proxy sees it. */
    int slowDone() {
        return slowDone.get();
    }

    Upstream upstream() {
        return new Upstream("127.0.0.1", server.getAddress().getPort());
    }

    private void name(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
        respond(exchange, name);
    }

    private void slow(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        long millis = Long.parseLong(query.substring(query.indexOf('=') + 1));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            exchange.close();
            return;
        }
        slowDone.incrementAndGet();
        respond(exchange, name);
    }

    private void headers(HttpExchange exchange) throws IOException {
        var h = exchange.getRequestHeaders();
        respond(exchange, "host=" + h.getFirst("Host") + "\nfor=" + h.getFirst("X-Forwarded-For")
                + "\nxhost=" + h.getFirst("X-Forwarded-Host") + "\nproto=" + h.getFirst("X-Forwarded-Proto")
                + (h.containsKey("Forwarded") ? "\nforwarded=" + h.getFirst("Forwarded") : ""));
    }

    private void digest(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            long length = 0;
            for (int n; (n = body.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
                length += n;
            }
            respond(exchange, HexFormat.of().formatHex(sha.digest()) + " " + length);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code /bytes?n=N} streams N bytes, written 64 KiB at a time. */
    private void bytes(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        long n = Long.parseLong(query.substring(query.indexOf('=') + 1));
        exchange.sendResponseHeaders(200, n);
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = exchange.getResponseBody()) {
            for (long left = n; left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
    }

    private static void respond(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
