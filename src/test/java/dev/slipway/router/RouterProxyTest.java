package dev.slipway.router;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static dev.slipway.router.Http.HOST;
import static org.assertj.core.api.Assertions.assertThat;

class RouterProxyTest {

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final HttpClient client = Http.client();
    private final RouteTable table = new RouteTable();
    private Backend a;
    private Backend b;
    private Router router;

    @BeforeEach
    void start() throws Exception {
        a = open(new Backend("a"));
        b = open(new Backend("b"));
        router = open(new Router(table, RouterOptions.DEFAULTS).start("127.0.0.1", 0));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        for (AutoCloseable closeable : closeables.reversed()) {
            closeable.close();
        }
    }

    private <T extends AutoCloseable> T open(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    @Test
    void routesEachHostToItsEnvironmentsUpstream() throws Exception {
        router.switchTo("shop", "test", List.of(a.upstream()));
        router.switchTo("shop", "live", List.of(b.upstream()));

        assertThat(Http.get(client, router.port(), "test.shop.localhost", "/").body()).isEqualTo("a");
        assertThat(Http.get(client, router.port(), "live.shop.localhost:" + router.port(), "/").body()).isEqualTo("b");
    }

    @Test
    void roundRobinsOverTwoUpstreams() throws Exception {
        router.switchTo("shop", "test", List.of(a.upstream(), b.upstream()));

        List<String> names = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            names.add(Http.get(client, router.port(), HOST, "/").body());
        }

        assertThat(names).containsExactly("a", "b", "a", "b");
    }

    @Test
    void unknownHostGetsA404Page() throws Exception {
        HttpResponse<String> response = Http.get(client, router.port(), "nothing.here.localhost", "/");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(response.body()).contains("404").contains("nothing.here.localhost");
    }

    @Test
    void unknownHostGetsJsonWhenTheClientAcceptsJson() throws Exception {
        HttpResponse<String> response = client.send(Http.request(router.port(), "nothing.here.localhost", "/")
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"error\":\"No application answers at 'nothing.here.localhost'.\"}");
    }

    @Test
    void declaredEnvironmentWithoutUpstreamsAnswers503() throws Exception {
        router.declare("shop", "test");

        HttpResponse<String> response = Http.get(client, router.port(), HOST, "/");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("shop/test");
    }

    @Test
    void deadUpstreamAnswers502() throws Exception {
        router.switchTo("shop", "test", List.of(deadUpstream()));

        HttpResponse<String> response = Http.get(client, router.port(), HOST, "/");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("502");
    }

    @Test
    void refusedConnectionIsRetriedOnceOnAnotherUpstreamOfTheSet() throws Exception {
        Upstream dead = deadUpstream();
        router.switchTo("shop", "test", List.of(dead, a.upstream()));

        for (int i = 0; i < 4; i++) {
            HttpResponse<String> response = Http.get(client, router.port(), HOST, "/");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("a");
        }
        awaitNoneInFlight(router, dead);
        awaitNoneInFlight(router, a.upstream());
    }

    @Test
    void anUpstreamThatNeverAcceptsIsGivenUpAtTheConnectTimeoutAndTheRequestGoesToAnother() throws Exception {
        Router quick = open(new Router(table, RouterOptions.DEFAULTS.withConnectTimeout(Duration.ofMillis(300))).start("127.0.0.1", 0));
        // A listener that never accepts, its queue full: the kernel drops further connection attempts, as a host that is gone does.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<java.net.Socket> queued = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    java.net.Socket s = new java.net.Socket();
                    try {
                        s.connect(full.getLocalSocketAddress(), 200);
                        queued.add(s);
                    } catch (java.net.SocketTimeoutException e) {
                        s.close();
                    }
                }
                Upstream silent = new Upstream("127.0.0.1", full.getLocalPort());
                quick.switchTo("shop", "test", List.of(silent, a.upstream()));
                for (int i = 0; i < 2; i++) {
                    long started = System.nanoTime();
                    HttpResponse<String> response = Http.get(client, quick.port(), HOST, "/");
                    Duration took = Duration.ofNanos(System.nanoTime() - started);
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.body()).isEqualTo("a");
                    assertThat(took).isLessThan(Duration.ofSeconds(3));
                }
            } finally {
                for (java.net.Socket s : queued) s.close();
            }
        }
    }

    @Test
    void aGetWhoseUpstreamResetsBeforeAnsweringGoesToAnotherUpstreamButABodyIsNotSentTwice() throws Exception {
        // Reads the request, then resets the connection without a byte of answer: a node that went away mid-request.
        try (ServerSocket resetting = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                while (!resetting.isClosed()) {
                    try (Socket s = resetting.accept()) {
                        s.getInputStream().read(new byte[8192]);
                        s.setSoLinger(true, 0);
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            Upstream gone = new Upstream("127.0.0.1", resetting.getLocalPort());
            router.switchTo("shop", "test", List.of(gone, a.upstream()));
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> response = Http.get(client, router.port(), HOST, "/");
                assertThat(response.statusCode()).as("GET " + i).isEqualTo(200);
                assertThat(response.body()).isEqualTo("a");
            }
            router.switchTo("shop", "test", List.of(gone));
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + router.port() + "/"))
                    .header("Host", HOST).POST(HttpRequest.BodyPublishers.ofString("once")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).as("a POST is never sent twice").isEqualTo(502);
            resetting.close();
            acceptor.join(2000);
        }
    }

    @Test
    void silentUpstreamAnswers504AfterTheResponseTimeout() throws Exception {
        Router impatient = open(new Router(table, RouterOptions.DEFAULTS.withResponseTimeout(Duration.ofMillis(300)))
                .start("127.0.0.1", 0));
        impatient.switchTo("shop", "test", List.of(a.upstream()));

        HttpResponse<String> response = Http.get(client, impatient.port(), HOST, "/slow?ms=2000");

        assertThat(response.statusCode()).isEqualTo(504);
        awaitNoneInFlight(impatient, a.upstream());
    }

    @Test
    void customHostRoutesUntilRemoved() throws Exception {
        router.switchTo("shop", "live", List.of(b.upstream()));
        router.table().addHost("shop.example.com", "shop", "live");

        assertThat(Http.get(client, router.port(), "shop.example.com", "/").body()).isEqualTo("b");

        router.table().removeHost("shop.example.com");
        assertThat(Http.get(client, router.port(), "shop.example.com", "/").statusCode()).isEqualTo(404);
    }

    @Test
    void forwardedHeadersReachTheUpstreamAndSpoofedOnesAreReplaced() throws Exception {
        router.switchTo("shop", "test", List.of(a.upstream()));

        HttpResponse<String> response = client.send(Http.request(router.port(), HOST, "/headers")
                .header("X-Forwarded-For", "6.6.6.6").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.body().lines()).containsExactly(
                "host=test.shop.localhost", "for=127.0.0.1", "xhost=test.shop.localhost", "proto=http",
                "forwarded=for=127.0.0.1;host=test.shop.localhost;proto=http");
    }

    @Test
    void largePostBodyStreamsThroughIntact() throws Exception {
        router.switchTo("shop", "test", List.of(a.upstream()));
        byte[] body = new byte[6 * 1024 * 1024 + 17];
        new Random(42).nextBytes(body);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)) + " " + body.length;

        HttpResponse<String> sized = client.send(Http.request(router.port(), HOST, "/digest")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        // An InputStream publisher has no length, so this one goes chunked.
        HttpResponse<String> chunked = client.send(Http.request(router.port(), HOST, "/digest")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(sized.body()).isEqualTo(expected);
        assertThat(chunked.body()).isEqualTo(expected);
    }

    @Test
    void expectContinueUploadIsAnsweredWith100ThenForwarded() throws Exception {
        router.switchTo("shop", "test", List.of(a.upstream()));
        byte[] body = "hello".getBytes(StandardCharsets.US_ASCII);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)) + " 5";

        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), router.port())) {
            socket.setSoTimeout(5000);
            var out = socket.getOutputStream();
            var in = socket.getInputStream();
            out.write(("POST /digest HTTP/1.1\r\nHost: " + HOST + "\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Http.RawResponse interim = Http.readInterim(in);
            out.write(body);
            out.flush();

            assertThat(interim.status()).isEqualTo(100);
            assertThat(Http.readResponse(in)).isEqualTo(new Http.RawResponse(200, expected));
        }
    }

    @Test
    void bodyOverTheLimitIsRefusedWith413() throws Exception {
        Router strict = open(new Router(table, RouterOptions.DEFAULTS.withMaxRequestBodyBytes(1024 * 1024)).start("127.0.0.1", 0));
        strict.switchTo("shop", "test", List.of(a.upstream()));
        byte[] body = new byte[2 * 1024 * 1024];

        HttpResponse<String> sized = client.send(Http.request(strict.port(), HOST, "/digest")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(sized.statusCode()).isEqualTo(413);
        awaitNoneInFlight(strict, a.upstream());
    }

    @Test
    void clientAskingToCloseGetsItsAnswerThenAClosedConnection() throws Exception {
        router.switchTo("shop", "test", List.of(a.upstream()));

        String answer = rawExchange("GET / HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 200").containsIgnoringCase("connection: close").endsWith("\r\n\r\na");
    }

    @Test
    void http10ClientGetsAPlainAnswerAndTheConnectionCloses() throws Exception {
        router.switchTo("shop", "test", List.of(a.upstream()));

        String answer = rawExchange("GET / HTTP/1.0\r\nHost: " + HOST + "\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("chunked").endsWith("\r\n\r\na");
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        router.switchTo("shop", "test", List.of(a.upstream()));
        router.switchTo("shop", "live", List.of(b.upstream()));

        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), router.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n"
                    + "GET / HTTP/1.1\r\nHost: live.shop.localhost\r\n\r\n"
                    + "GET /nothing HTTP/1.1\r\nHost: nothing.here.localhost\r\n\r\n"
                    + "GET / HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            var in = socket.getInputStream();

            assertThat(Http.readResponse(in)).isEqualTo(new Http.RawResponse(200, "a"));
            assertThat(Http.readResponse(in)).isEqualTo(new Http.RawResponse(200, "b"));
            assertThat(Http.readResponse(in).status()).isEqualTo(404);
            assertThat(Http.readResponse(in)).isEqualTo(new Http.RawResponse(200, "a"));
        }
    }

    @Test
    void upstreamAnswerWithBareLineFeedsIsPassedOn() throws Exception {
        // What a CGI script behind busybox httpd sends: header lines ended by LF alone.
        ScriptedUpstream sloppy = open(new ScriptedUpstream(
                line -> "HTTP/1.1 200 OK\nContent-Type: text/plain\nContent-Length: 3\n\nok\n", 0));
        router.switchTo("shop", "test", List.of(sloppy.upstream()));

        HttpResponse<String> response = Http.get(client, router.port(), HOST, "/cgi-bin/x");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok\n");
    }

    /** Sends {@code request} on a connection of its own and reads until the router closes it. */
    private String rawExchange(String request) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), router.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /** A port on 127.0.0.1 that nothing listens on: bound once, then released. */
    static Upstream deadUpstream() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new Upstream("127.0.0.1", socket.getLocalPort());
        }
    }

    /** The count drops when the exchange completes, which can be a moment after the client has its answer. */
    static void awaitNoneInFlight(Router router, Upstream upstream) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> router.inFlight(upstream) == 0);
    }
}
