package dev.slipway.router;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static dev.slipway.router.Http.HOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Raw requests, each sent on a connection of its own to a router in front of a {@link RecordingUpstream}:
 * the status the client reads, and what the upstream received. A refused request reaches the upstream
 * never as a complete message (at most as a head and part of a body on a connection the router then
 * closes); an accepted one reaches it with exactly the body the client framed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouterHostileInputTest {

    /** Small enough for a chunk of {@code 401} (1,025 bytes) to pass it. */
    static final long MAX_BODY = 1024;
    private static final String H = "Host: " + HOST + "\r\n";
    private static final String POST = "POST / HTTP/1.1\r\n" + H;
    private static final String CHUNKED = POST + "Transfer-Encoding: chunked\r\n\r\n";

    /**
     * One hostile or borderline request: the status it gets, and the body the upstream reads when it
     * is passed on ({@code null}: nothing reaches the upstream whole).
     */
    record Case(String name, String request, int status, String upstreamBody) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        return List.of(
                // Host: one, and a valid one (RFC 9112 section 3.2: a 400 otherwise).
                new Case("two Host headers, same value", "GET / HTTP/1.1\r\n" + H + H + "\r\n", 400, null),
                new Case("two Host headers, different values", "GET / HTTP/1.1\r\n" + H + "Host: live.shop.localhost\r\n\r\n", 400, null),
                new Case("two Host headers, names in different case", "GET / HTTP/1.1\r\nhost: " + HOST + "\r\nHOST: " + HOST + "\r\n\r\n", 400, null),
                new Case("two Host headers with a body", POST + H + "Content-Length: 3\r\n\r\nabc", 400, null),
                new Case("two Host headers, HTTP/1.0", "GET / HTTP/1.0\r\n" + H + "Host: other.example\r\n\r\n", 400, null),
                new Case("no Host in HTTP/1.1", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", 400, null),
                new Case("empty Host", "GET / HTTP/1.1\r\nHost: \r\n\r\n", 400, null),
                new Case("Host with userinfo", "GET / HTTP/1.1\r\nHost: user@" + HOST + "\r\n\r\n", 400, null),
                new Case("Host with a path", "GET / HTTP/1.1\r\nHost: " + HOST + "/x\r\n\r\n", 400, null),
                new Case("Host that is a list", "GET / HTTP/1.1\r\nHost: " + HOST + ", other.example\r\n\r\n", 400, null),
                new Case("Host with a space inside", "GET / HTTP/1.1\r\nHost: test.shop .localhost\r\n\r\n", 400, null),
                new Case("Host with a bad port", "GET / HTTP/1.1\r\nHost: " + HOST + ":80x\r\n\r\n", 400, null),
                new Case("Host as an IPv6 literal that no route has", "GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n", 404, null),
                new Case("Host with an unclosed bracket", "GET / HTTP/1.1\r\nHost: [::1\r\n\r\n", 400, null),
                new Case("HTTP/1.0 without Host", "GET / HTTP/1.0\r\n\r\n", 404, null),
                new Case("Host with a port", "GET / HTTP/1.1\r\nHost: " + HOST + ":8080\r\n\r\n", 200, ""),
                // Absolute form (RFC 9112 section 3.2.2): its authority routes, and it must be a plain http(s) one.
                new Case("absolute form routes by its authority, not Host", "GET http://" + HOST + "/ HTTP/1.1\r\nHost: other.example\r\n\r\n", 200, ""),
                new Case("absolute form in capitals", "GET HTTP://" + HOST.toUpperCase() + "/ HTTP/1.1\r\nHost: other.example\r\n\r\n", 200, ""),
                new Case("absolute form with https and a port", "GET https://" + HOST + ":8443/ HTTP/1.1\r\nHost: other.example\r\n\r\n", 200, ""),
                new Case("absolute form to an unknown authority with a known Host", "GET http://other.example/ HTTP/1.1\r\n" + H + "\r\n", 404, null),
                new Case("absolute form with userinfo", "GET http://user:pw@" + HOST + "/ HTTP/1.1\r\n" + H + "\r\n", 400, null),
                new Case("absolute form with another scheme", "GET ftp://" + HOST + "/ HTTP/1.1\r\n" + H + "\r\n", 400, null),
                new Case("absolute form without an authority", "GET http:///x HTTP/1.1\r\n" + H + "\r\n", 400, null),
                new Case("absolute form that is no URI", "GET http://" + HOST + "/%zz HTTP/1.1\r\n" + H + "\r\n", 400, null),
                new Case("absolute form with a bad port", "GET http://" + HOST + ":x/ HTTP/1.1\r\n" + H + "\r\n", 400, null),
                new Case("absolute form and two Host headers", "GET http://" + HOST + "/ HTTP/1.1\r\n" + H + H + "\r\n", 400, null),
                new Case("CONNECT to an authority", "CONNECT " + HOST + ":80 HTTP/1.1\r\n" + H + "\r\n", 405, null),
                // Framing by length (RFC 9112 section 6.3).
                new Case("Content-Length and chunked", POST + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 400, null),
                new Case("chunked and Content-Length", POST + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 400, null),
                new Case("two different Content-Length values", POST + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400, null),
                new Case("two equal Content-Length headers", POST + "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 400, null),
                new Case("Content-Length as a list", POST + "Content-Length: 3, 3\r\n\r\nabc", 400, null),
                new Case("Content-Length not a number", POST + "Content-Length: abc\r\n\r\nabc", 400, null),
                new Case("Content-Length negative", POST + "Content-Length: -1\r\n\r\nabc", 400, null),
                new Case("Content-Length with a plus sign", POST + "Content-Length: +3\r\n\r\nabc", 400, null),
                new Case("Content-Length past a long", POST + "Content-Length: 99999999999999999999\r\n\r\nabc", 400, null),
                new Case("Content-Length over the limit", POST + "Content-Length: 1025\r\n\r\nabc", 413, null),
                new Case("Content-Length with a space inside", POST + "Content-Length: 1 0\r\n\r\nabcdefghij", 400, null),
                new Case("Content-Length: 0 with chunked", POST + "Content-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 400, null),
                new Case("Content-Length body", POST + "Content-Length: 3\r\n\r\nabc", 200, "abc"),
                // Transfer-Encoding (RFC 9112 section 6.1): chunked, once, last, and only in HTTP/1.1.
                new Case("chunked, identity", POST + "Transfer-Encoding: chunked, identity\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 400, null),
                new Case("identity alone", POST + "Transfer-Encoding: identity\r\n\r\nabc", 400, null),
                new Case("chunked, chunked", POST + "Transfer-Encoding: chunked, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 400, null),
                new Case("two Transfer-Encoding headers", POST + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 400, null),
                new Case("a coding the router does not decode", POST + "Transfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 501, null),
                new Case("xchunked", POST + "Transfer-Encoding: xchunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 400, null),
                new Case("empty Transfer-Encoding", POST + "Transfer-Encoding: \r\n\r\nabc", 400, null),
                new Case("Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 400, null),
                new Case("space before the colon of Transfer-Encoding", POST + "Transfer-Encoding : chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 400, null),
                new Case("Chunked in capitals", POST + "Transfer-Encoding: Chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 200, "abc"),
                // Chunks (RFC 9112 section 7.1): hex sizes, CRLF after every line and every chunk's data.
                new Case("chunk size zz", CHUNKED + "zz\r\nabc\r\n0\r\n\r\n", 400, null),
                new Case("chunk size -1", CHUNKED + "-1\r\nabc\r\n0\r\n\r\n", 400, null),
                new Case("chunk size 0x3", CHUNKED + "0x3\r\nabc\r\n0\r\n\r\n", 400, null),
                new Case("chunk size after a space", CHUNKED + " 3\r\nabc\r\n0\r\n\r\n", 400, null),
                new Case("empty chunk size", CHUNKED + "\r\nabc\r\n0\r\n\r\n", 400, null),
                new Case("chunk size past a long", CHUNKED + "fffffffffffffffff1\r\nabc\r\n0\r\n\r\n", 400, null),
                new Case("chunk size that wraps a long to 3", CHUNKED + "10000000000000003\r\nabc\r\n0\r\n\r\n", 400, null),
                new Case("chunk size over the limit", CHUNKED + "401\r\n" + "x".repeat(1025) + "\r\n0\r\n\r\n", 413, null),
                new Case("chunks adding up past the limit", CHUNKED + ("200\r\n" + "x".repeat(512) + "\r\n").repeat(3) + "0\r\n\r\n", 413, null),
                new Case("bare LF after the chunk size", CHUNKED + "3\nabc\r\n0\r\n\r\n", 400, null),
                new Case("bare LF after the chunk data", CHUNKED + "3\r\nabc\n0\r\n\r\n", 400, null),
                new Case("bare LF everywhere in the body", CHUNKED + "3\nabc\n0\n\n", 400, null),
                new Case("no CRLF after the chunk data", CHUNKED + "3\r\nabc0\r\n\r\n", 400, null),
                new Case("chunk data longer than its size", CHUNKED + "3\r\nabcdef\r\n0\r\n\r\n", 400, null),
                new Case("a bad chunk after a good one", CHUNKED + "3\r\nabc\r\nzz\r\ndef\r\n0\r\n\r\n", 400, null),
                new Case("bare LF in the trailer section", CHUNKED + "3\r\nabc\r\n0\r\nX-Trailer: 1\n\r\n", 400, null),
                new Case("a chunk extension longer than a head may be", CHUNKED + "3;" + "a".repeat(RouterOptions.DEFAULT_MAX_REQUEST_HEADER_BYTES) + "\r\nabc\r\n0\r\n\r\n", 400, null),
                new Case("a chunk extension", CHUNKED + "3;name=value\r\nabc\r\n0\r\n\r\n", 200, "abc"),
                new Case("a quoted chunk extension", CHUNKED + "3 ;a=\"b;c\"\r\nabc\r\n0;last\r\n\r\n", 200, "abc"),
                new Case("a trailer section", CHUNKED + "3\r\nabc\r\n0\r\nX-Trailer: 1\r\n\r\n", 200, "abc"),
                new Case("leading zeros in a chunk size", CHUNKED + "0003\r\nabc\r\n0000\r\n\r\n", 200, "abc"),
                // Heads (RFC 9112 sections 2.2, 3 and 5).
                new Case("a header line without a colon", "GET / HTTP/1.1\r\n" + H + "Bad Header Without Colon\r\n\r\n", 400, null),
                new Case("space before the colon of Host", "GET / HTTP/1.1\r\nHost : " + HOST + "\r\n\r\n", 400, null),
                // RFC 9112 sections 3 and 5.2 let a proxy read these leniently if it forwards them normalized, which it does.
                new Case("a folded header line", "GET / HTTP/1.1\r\n" + H + "X-A: 1\r\n X-B: 2\r\n\r\n", 200, ""),
                new Case("a NUL in a header value", "GET / HTTP/1.1\r\n" + H + "X-A: a\0b\r\n\r\n", 400, null),
                new Case("a bare CR in a header value", "GET / HTTP/1.1\r\n" + H + "X-A: a\rb\r\n\r\n", 400, null),
                new Case("a request line with two spaces", "GET  / HTTP/1.1\r\n" + H + "\r\n", 200, ""),
                new Case("a request line with a tab", "GET\t/ HTTP/1.1\r\n" + H + "\r\n", 200, ""),
                new Case("asterisk form for GET", "GET * HTTP/1.1\r\n" + H + "\r\n", 400, null),
                new Case("asterisk form for OPTIONS", "OPTIONS * HTTP/1.1\r\n" + H + "\r\n", 200, ""),
                new Case("authority form for GET", "GET " + HOST + ":80 HTTP/1.1\r\n" + H + "\r\n", 400, null),
                new Case("HTTP/2.0 over HTTP/1 framing", "GET / HTTP/2.0\r\n" + H + "\r\n", 505, null),
                new Case("a request line over the limit", "GET /" + "x".repeat(RouterOptions.DEFAULT_MAX_REQUEST_HEADER_BYTES) + " HTTP/1.1\r\n" + H + "\r\n", 414, null),
                new Case("a head over the limit", "GET / HTTP/1.1\r\n" + H + "X-Big: " + "x".repeat(RouterOptions.DEFAULT_MAX_REQUEST_HEADER_BYTES) + "\r\n\r\n", 431, null));
    }

    private Router router;

    @BeforeAll
    void startRouter() {
        router = new Router(new RouteTable(), RouterOptions.DEFAULTS.withMaxRequestBodyBytes(MAX_BODY)).start("127.0.0.1", 0);
    }

    @AfterAll
    void stopRouter() {
        router.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachHostileRequestGetsItsStatusAndTheUpstreamNeverAMadeUpMessage(Case hostile) throws Exception {
        try (RecordingUpstream upstream = new RecordingUpstream()) {
            router.switchTo("shop", "test", List.of(upstream.upstream()));

            int status = statusOf(hostile.request());

            assertThat(status).as("status").isEqualTo(hostile.status());
            if (hostile.upstreamBody() != null) {
                assertThat(upstream.complete()).singleElement().satisfies(received -> {
                    assertThat(received.body()).isEqualTo(hostile.upstreamBody());
                    // One Host, the one it was routed by, and the same in X-Forwarded-Host; no folded line left.
                    assertThat(received.count("Host")).isOne();
                    assertThat(RouteTable.normalizeHost(received.header("Host"))).isEqualTo(HOST);
                    assertThat(received.header("X-Forwarded-Host")).isEqualTo(received.header("Host"));
                    assertThat(received.head()).doesNotContain("\r\n ", "\r\n\t");
                });
                return;
            }
            // What the router began to send the upstream, if anything, it cut off; nothing reached the upstream whole.
            await().atMost(Duration.ofSeconds(5)).until(() -> upstream.midMessage() == 0);
            assertThat(upstream.complete()).as("requests the upstream read whole").isEmpty();
        }
    }

    @Test
    void anAbsoluteFormRequestReachesTheUpstreamInOriginFormWithTheHostItWasRoutedBy() throws Exception {
        try (RecordingUpstream upstream = new RecordingUpstream()) {
            router.switchTo("shop", "test", List.of(upstream.upstream()));

            int status = statusOf("GET http://" + HOST + ":8080?q=1 HTTP/1.1\r\nHost: live.shop.localhost\r\n"
                    + "X-Forwarded-Host: evil.example\r\n\r\n");

            assertThat(status).isEqualTo(200);
            RecordingUpstream.Received received = upstream.complete().getFirst();
            assertThat(received.head()).startsWith("GET /?q=1 HTTP/1.1\r\n").doesNotContain("live.shop", "evil");
            assertThat(received.header("Host")).isEqualTo(HOST + ":8080");
            assertThat(received.header("X-Forwarded-Host")).isEqualTo(HOST + ":8080");
            assertThat(received.header("Forwarded")).contains("host=\"" + HOST + ":8080\"");
        }
    }

    @Test
    void aRefusedRequestIsToldWhichHeaderIsWrongAndItsConnectionCloses() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), router.port())) {
            socket.setSoTimeout(5000);
            // The second request would be served by its Host if the router went on reading after the first.
            socket.getOutputStream().write(("GET / HTTP/1.1\r\n" + H + "Host: live.shop.localhost\r\nAccept: application/json\r\n\r\n"
                    + "GET / HTTP/1.1\r\n" + H + "\r\n").getBytes(StandardCharsets.ISO_8859_1));

            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("connection: close")
                    .endsWith("{\"error\":\"The request has more than one Host header.\"}").containsOnlyOnce("HTTP/1.1 ");
        }
    }

    /** The status of the first answer on a fresh connection, or -1 when it closes without one. */
    private int statusOf(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), router.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String line = statusLine(socket.getInputStream());
            return line.startsWith("HTTP/1.1 ") && line.length() >= 12 ? Integer.parseInt(line.substring(9, 12)) : -1;
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
                line.write(b);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // no answer in time, or a reset: what was read is all there is
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
