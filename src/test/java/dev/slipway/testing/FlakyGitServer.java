package dev.slipway.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Git server over "dumb" HTTP on 127.0.0.1 (the files of bare repositories after {@code git
 * update-server-info}, as GitOverHttpTest serves them) that can fail in the middle of a pack: cut the
 * connection after some bytes, or stall there until the test stops the whole server. It can start again
 * on the same port, as a Git host back from an outage.
 */
public final class FlakyGitServer implements AutoCloseable {
    private enum Fault { NONE, CUT, STALL }

    private final Path root;
    private int port;
    private final ExecutorService handlers = Executors.newCachedThreadPool(Thread.ofPlatform().name("flaky-git-", 0).daemon().factory());
    private HttpServer http;
    private volatile Fault fault = Fault.NONE;
    private volatile long faultAfter;
    private final AtomicInteger strikes = new AtomicInteger();
    private final AtomicInteger packRequests = new AtomicInteger();
    private volatile CountDownLatch midPack = new CountDownLatch(1);
    private volatile CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong packBytesSent = new AtomicLong();
    private final AtomicLong packSize = new AtomicLong();

    private FlakyGitServer(Path root, int port) {
        this.root = root.toAbsolutePath().normalize();
        this.port = port;
    }

    /** Serves the folder {@code root} (holding e.g. {@code app.git}) on a free loopback port. */
    public static FlakyGitServer serve(Path root) {
        FlakyGitServer server = new FlakyGitServer(root, 0);
        server.start();
        return server;
    }

    public synchronized void start() {
        try {
            // Again on the same port when it starts after a stop: the repository's URL stays the same.
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve Git on 127.0.0.1:" + port(), e);
        }
        http.setExecutor(handlers);
        http.createContext("/", this::handle);
        stopped = new CountDownLatch(1);
        http.start();
        port = http.getAddress().getPort();
    }

    private int port() {
        return port;
    }

    /** Stops answering: the listening socket and every open connection are closed at once. */
    public synchronized void stop() {
        http.stop(0);
        stopped.countDown();
    }

    public String url(String repository) {
        return "http://127.0.0.1:" + port() + "/" + repository;
    }

    /** The next pack download sends {@code bytes} of the pack, then its connection is closed before the rest. */
    public void cutNextPackAfter(long bytes) {
        arm(Fault.CUT, bytes, 1);
    }

    /** As {@link #cutNextPackAfter}, for every pack download until {@link #heal}. */
    public void cutEveryPackAfter(long bytes) {
        arm(Fault.CUT, bytes, Integer.MAX_VALUE);
    }

    /** The next pack download sends {@code bytes} of the pack, then waits there until {@link #stop}. */
    public void stallNextPackAfter(long bytes) {
        arm(Fault.STALL, bytes, 1);
    }

    public void heal() {
        fault = Fault.NONE;
    }

    private void arm(Fault next, long bytes, int times) {
        faultAfter = bytes;
        midPack = new CountDownLatch(1);
        packBytesSent.set(0);
        packRequests.set(0);
        strikes.set(times);
        fault = next;
    }

    /** Pack downloads asked for since the fault was armed. */
    public int packRequests() {
        return packRequests.get();
    }

    /** True once the armed fault has struck, with the pack part-sent. */
    public boolean awaitMidPack(Duration timeout) throws InterruptedException {
        return midPack.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Of the pack the fault struck: bytes sent before it, and its whole size. */
    public long packBytesSent() {
        return packBytesSent.get();
    }

    public long packSize() {
        return packSize.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            Path file = root.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            long size = Files.size(file);
            exchange.sendResponseHeaders(200, size);
            boolean pack = file.getFileName().toString().endsWith(".pack");
            if (pack) packRequests.incrementAndGet();
            Fault now = pack && strikes.getAndDecrement() > 0 ? fault : Fault.NONE;
            if (now == Fault.NONE) {
                try (OutputStream out = exchange.getResponseBody()) {
                    Files.copy(file, out);
                }
                return;
            }
            packSize.set(size);
            OutputStream out = exchange.getResponseBody();
            try (InputStream in = Files.newInputStream(file)) {
                out.write(in.readNBytes((int) Math.min(faultAfter, size)));
                out.flush();
            }
            packBytesSent.set(Math.min(faultAfter, size));
            midPack.countDown();
            if (now == Fault.STALL) {
                // Held until the server is stopped (bounded, should the test never stop it).
                awaitQuietly(stopped, Duration.ofSeconds(60));
            }
            // Closing with bytes missing: the server drops the connection, and the client sees the pack end early.
        } finally {
            exchange.close();
        }
    }

    private static void awaitQuietly(CountDownLatch latch, Duration timeout) {
        try {
            latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        if (http != null) http.stop(0);
        stopped.countDown();
        handlers.shutdownNow();
    }
}
