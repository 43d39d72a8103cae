package dev.slipway.router;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.slipway.router.Http.HOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RouterSwitchTest {

    private final HttpClient client = Http.client();
    private Backend a;
    private Backend b;
    private Router router;

    @BeforeEach
    void start() throws Exception {
        a = new Backend("a");
        b = new Backend("b");
        router = new Router(new RouteTable(), RouterOptions.DEFAULTS).start("127.0.0.1", 0);
        router.switchTo("shop", "test", List.of(a.upstream()));
    }

    @AfterEach
    void stop() {
        client.close();
        router.close();
        a.close();
        b.close();
    }

    @Test
    void switchingBackAndForthUnderLoadFailsNoRequest() throws Exception {
        AtomicInteger ok = new AtomicInteger();
        List<String> failures = new ArrayList<>();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        try (ExecutorService load = Executors.newFixedThreadPool(8)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                workers.add(load.submit(() -> {
                    while (System.nanoTime() < end) {
                        try {
                            HttpResponse<String> response = Http.get(client, router.port(), HOST, "/");
                            if (response.statusCode() / 100 == 2) {
                                ok.incrementAndGet();
                                seen.add(response.body());
                            } else {
                                synchronized (failures) {
                                    failures.add(response.statusCode() + " " + response.body());
                                }
                            }
                        } catch (Exception e) {
                            synchronized (failures) {
                                failures.add(e.toString());
                            }
                        }
                    }
                    return null;
                }));
            }
            boolean toB = true;
            while (System.nanoTime() < end) {
                router.switchTo("shop", "test", List.of((toB ? b : a).upstream()));
                toB = !toB;
                Thread.sleep(10);
            }
            for (Future<?> worker : workers) {
                worker.get(10, TimeUnit.SECONDS);
            }
        }

        assertThat(failures).isEmpty();
        assertThat(ok.get()).isGreaterThan(100);
        assertThat(seen).containsExactlyInAnyOrder("a", "b");
        awaitNoneInFlight(router, a.upstream());
        awaitNoneInFlight(router, b.upstream());
    }

    @Test
    void requestInFlightOnTheOldUpstreamFinishesThereAndDrainWaitsForIt() throws Exception {
        CompletableFuture<HttpResponse<String>> slow = client.sendAsync(
                Http.request(router.port(), HOST, "/slow?ms=1500").build(), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> router.inFlight(a.upstream()) == 1);

        router.switchTo("shop", "test", List.of(b.upstream()));

        assertThat(Http.get(client, router.port(), HOST, "/").body()).isEqualTo("b");
        assertThat(router.drain(List.of(a.upstream()), Duration.ofMillis(200))).isFalse();
        assertThat(a.slowDone()).isZero();
        assertThat(router.drain(List.of(a.upstream()), Duration.ofSeconds(5))).isTrue();
        assertThat(a.slowDone()).isEqualTo(1);
        HttpResponse<String> finished = slow.get(5, TimeUnit.SECONDS);
        assertThat(finished.statusCode()).isEqualTo(200);
        assertThat(finished.body()).isEqualTo("a");
        awaitNoneInFlight(router, a.upstream());
    }

    @Test
    void drainOfIdleUpstreamsReturnsAtOnce() {
        assertThat(router.drain(List.of(a.upstream(), b.upstream()), Duration.ofMillis(1))).isTrue();
    }

    @Test
    void clientThatHangsUpStillReleasesItsInFlightCount() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), router.port())) {
            Http.writeGet(socket.getOutputStream(), HOST, "/slow?ms=500");
            await().atMost(Duration.ofSeconds(5)).until(() -> router.inFlight(a.upstream()) == 1);
        }

        assertThat(router.drain(List.of(a.upstream()), Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void nextRequestOnAKeptAliveConnectionGoesToTheNewUpstream() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), router.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();

            Http.writeGet(out, HOST, "/");
            Http.RawResponse first = Http.readResponse(in);
            router.switchTo("shop", "test", List.of(b.upstream()));
            Http.writeGet(out, HOST, "/");
            Http.RawResponse second = Http.readResponse(in);

            assertThat(first).isEqualTo(new Http.RawResponse(200, "a"));
            assertThat(second).isEqualTo(new Http.RawResponse(200, "b"));
        }
    }

    /** The count drops when the exchange completes, which can be a moment after the client has its answer. */
    static void awaitNoneInFlight(Router router, Upstream upstream) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> router.inFlight(upstream) == 0);
    }
}
