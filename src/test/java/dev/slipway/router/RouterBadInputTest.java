package dev.slipway.router;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.slipway.router.Http.HOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Bad and slow clients get the right answer and leave other clients alone; metrics and upstream pools. */
class RouterBadInputTest {

    private final HttpClient client = Http.client();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private Backend a;
    private Backend b;
    private Router router;

    @BeforeEach
    void start() throws Exception {
        a = new Backend("a");
        b = new Backend("b");
        router = new Router(new RouteTable(), RouterOptions.DEFAULTS.withIdleTimeout(Duration.ofSeconds(2)), registry).start("127.0.0.1", 0);
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
    void oversizedHeaderIsRefusedWith431() throws Exception {
        HttpResponse<String> response = client.send(Http.request(router.port(), HOST, "/")
                .header("X-Big", "x".repeat(RouterOptions.DEFAULT_MAX_REQUEST_HEADER_BYTES + 1)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(431);
        assertThat(Http.get(client, router.port(), HOST, "/").body()).isEqualTo("a");
    }

    @Test
    void malformedRequestGets400() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), router.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: test.shop.localhost\r\nBad Header Without Colon\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);

            assertThat(answer).isEqualTo("HTTP/1.1 400");
        }
    }

    @Test
    void requestFramedByChunksAndALengthIsRefusedAndItsConnectionCloses() throws Exception {
        // Two framings in one request are how requests are smuggled past a proxy; RFC 9112 section 6.3 allows refusing it.
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), router.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("POST /digest HTTP/1.1\r\nHost: " + HOST + "\r\nContent-Length: 40\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nGET / HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

            assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("connection: close")
                    .as("one answer, then the connection closed").containsOnlyOnce("HTTP/1.1 ");
        }
    }

    @Test
    void aClientStillSendingATooLargeBodyReadsIts413RatherThanAReset() throws Exception {
        Router strict = new Router(new RouteTable(), RouterOptions.DEFAULTS.withMaxRequestBodyBytes(64 * 1024)).start("127.0.0.1", 0);
        strict.switchTo("shop", "test", List.of(a.upstream()));
        try (strict; Socket socket = new Socket(InetAddress.getLoopbackAddress(), strict.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            int length = 16 * 1024 * 1024;
            write(out, "POST /digest HTTP/1.1\r\nHost: " + HOST + "\r\nContent-Length: " + length + "\r\n\r\n");
            // Like curl uploading a file: the body goes on while the answer arrives.
            Thread sender = Thread.ofVirtual().start(() -> {
                byte[] piece = new byte[16 * 1024];
                try {
                    for (int sent = 0; sent < length; sent += piece.length) {
                        out.write(piece);
                    }
                } catch (Exception closed) {
                    // the router closed once it had read what it was willing to
                }
            });

            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

            assertThat(answer).startsWith("HTTP/1.1 413").containsIgnoringCase("connection: close");
            socket.close();
            sender.join(10_000);
        }
    }

    @Test
    void slowlorisClientsDoNotBlockOthersAndStalledOnesAreClosed() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), router.port());
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: test.sh".getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            long started = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                assertThat(Http.get(client, router.port(), HOST, "/").body()).isEqualTo("a");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

            // A client that stops sending is cut at the idle timeout (2 s here), its half-read request dropped.
            Socket stalled = slow.getFirst();
            stalled.setSoTimeout(10_000);
            long before = System.nanoTime();
            InputStream in = stalled.getInputStream();
            byte[] rest = in.readAllBytes();
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(8));
            assertThat(new String(rest, StandardCharsets.US_ASCII)).doesNotContain("200");
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void metricsCountRequestsByEnvironmentAndStatusClass() throws Exception {
        for (int i = 0; i < 3; i++) {
            Http.get(client, router.port(), HOST, "/");
        }
        router.declare("shop", "live");
        Http.get(client, router.port(), "live.shop.localhost", "/");

        // The count is taken when the response is written, a moment after the client may have read it.
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.scrape()
                .contains("slipway_router_requests_total{environment=\"live\",project=\"shop\",status=\"5xx\"} 1.0"));
        String scrape = registry.scrape();
        assertThat(scrape).contains("slipway_router_requests_total{environment=\"test\",project=\"shop\",status=\"2xx\"} 3.0");
        assertThat(scrape).contains("slipway_router_requests_total{environment=\"live\",project=\"shop\",status=\"5xx\"} 1.0");
        assertThat(scrape).contains("slipway_router_request_duration_seconds_count{environment=\"test\",project=\"shop\"} 3");
        assertThat(scrape).contains("slipway_router_request_duration_seconds_bucket{environment=\"test\",project=\"shop\",le=");
        assertThat(scrape).contains("slipway_router_in_flight{environment=\"test\",project=\"shop\"} 0.0");
    }

    @Test
    void drainingAnUpstreamClosesTheRoutersIdleConnectionsToIt() throws Exception {
        Http.get(client, router.port(), HOST, "/");
        assertThat(router.upstreamConnections(a.upstream())).isPositive();

        router.switchTo("shop", "test", List.of(b.upstream()));
        assertThat(router.drain(List.of(a.upstream()), Duration.ofSeconds(5))).isTrue();

        assertThat(router.upstreamConnections(a.upstream())).isZero();
        assertThat(Http.get(client, router.port(), HOST, "/").body()).isEqualTo("b");
    }

    @Test
    void forwardedHeaderNamesTheClientHostAndProtocol() throws Exception {
        Backend echo = a;
        HttpResponse<String> response = client.send(Http.request(router.port(), HOST, "/headers")
                .header("Forwarded", "for=6.6.6.6").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.body()).contains("forwarded=for=127.0.0.1;host=" + HOST + ";proto=http");
        assertThat(echo.name).isEqualTo("a");
    }

    private static void write(OutputStream out, String s) throws Exception {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
    }
}
