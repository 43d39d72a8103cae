package dev.slipway.router;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import static dev.slipway.router.Http.HOST;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answers the router passes on as the upstream wrote them (a plain answer, see PlainAnswerHead) and
 * the ones it decodes, byte for byte on a raw client connection, and both kinds on one connection.
 */
class RouterPlainAnswerTest {

    private static final String PLAIN = "HTTP/1.1 200 OK\r\nServer: scripted\r\nConnection: keep-alive\r\n"
            + "Keep-Alive: timeout=5\r\nX-Spaced:  a  value \r\nContent-Length: 5\r\n\r\nhello";
    private static final String PLAIN_AS_PASSED = "HTTP/1.1 200 OK\r\nServer: scripted\r\n"
            + "X-Spaced:  a  value \r\nContent-Length: 5\r\n\r\nhello";
    private static final String CHUNKED = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";

    private Router router;
    private ScriptedUpstream upstream;

    @BeforeEach
    void start() {
        router = new Router(new RouteTable(), RouterOptions.DEFAULTS).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() throws Exception {
        router.close();
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void plainAnswerReachesTheClientAsWrittenLessItsHopByHopLines() throws Exception {
        serve(line -> PLAIN, 0);
        try (RawClient client = new RawClient(router.port())) {
            assertThat(client.exchange("GET /a HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n")).isEqualTo(PLAIN_AS_PASSED);
            assertThat(client.exchange("GET /b HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n")).isEqualTo(PLAIN_AS_PASSED);
        }
        assertThat(upstream.connections()).as("one kept-alive upstream connection for both").isEqualTo(1);
        assertThat(upstream.requestHeads.get(1)).containsIgnoringCase("X-Forwarded-For: 127.0.0.1\r\n");
    }

    @Test
    void answerReadInSmallPiecesArrivesWhole() throws Exception {
        String big = "x".repeat(4_000);
        serve(line -> line.contains("/big") ? "HTTP/1.1 200 OK\r\nContent-Length: 4000\r\n\r\n" + big : PLAIN, 7);
        try (RawClient client = new RawClient(router.port())) {
            assertThat(client.exchange("GET / HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n")).isEqualTo(PLAIN_AS_PASSED);
            assertThat(client.exchange("GET /big HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n"))
                    .isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 4000\r\n\r\n" + big);
            assertThat(client.exchange("GET / HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n")).isEqualTo(PLAIN_AS_PASSED);
        }
    }

    @Test
    void plainAndDecodedAnswersTakeTurnsOnOneConnection() throws Exception {
        serve(line -> line.contains("/chunked") ? CHUNKED
                : line.contains("/empty") ? "HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\n\r\n"
                : line.startsWith("HEAD") ? "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"
                : PLAIN, 0);
        try (RawClient client = new RawClient(router.port())) {
            assertThat(client.exchange("GET /chunked HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n")).isEqualTo(CHUNKED);
            assertThat(client.exchange("GET / HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n")).isEqualTo(PLAIN_AS_PASSED);
            // A HEAD's answer names a length but has no body: the next answer must not be taken for it.
            assertThat(client.exchange("HEAD / HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n"))
                    .isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
            assertThat(client.exchange("GET /empty HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n"))
                    .isEqualTo("HTTP/1.1 204 No Content\r\n\r\n");
            assertThat(client.exchange("GET /chunked HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n")).isEqualTo(CHUNKED);
            assertThat(client.exchange("GET / HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n")).isEqualTo(PLAIN_AS_PASSED);
        }
        assertThat(upstream.connections()).isEqualTo(1);
    }

    @Test
    void upstreamWritingPastItsLengthIsCutAtTheLengthAndNotReused() throws Exception {
        serve(line -> line.contains("/over") ? "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA" : PLAIN, 0);
        try (RawClient client = new RawClient(router.port())) {
            assertThat(client.exchange("GET /over HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n"))
                    .isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            assertThat(client.exchange("GET / HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n")).isEqualTo(PLAIN_AS_PASSED);
        }
        assertThat(upstream.connections()).as("the connection that sent extra bytes was closed").isEqualTo(2);
    }

    @Test
    void clientThatClosesGetsTheAnswerDecodedWithConnectionClose() throws Exception {
        serve(line -> PLAIN, 0);
        try (RawClient client = new RawClient(router.port())) {
            String answer = client.exchange("GET / HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n");
            assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").contains("connection: close\r\n").endsWith("\r\n\r\nhello")
                    .doesNotContainIgnoringCase("keep-alive");
            assertThat(client.atEnd()).as("the router closed the connection").isTrue();
        }
    }

    private void serve(Function<String, String> answers, int piece) throws IOException {
        upstream = new ScriptedUpstream(answers, piece);
        router.switchTo("shop", "test", List.of(upstream.upstream()));
    }

    /** One client connection; reads each answer by its framing (length, chunks, or none for HEAD and 204). */
    private static final class RawClient implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;

        RawClient(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(5000);
            in = socket.getInputStream();
        }

        String exchange(String request) throws IOException {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            String head = readUntil("\r\n\r\n");
            String lower = head.toLowerCase(Locale.ROOT);
            if (request.startsWith("HEAD") || head.startsWith("HTTP/1.1 204")) {
                return head;
            }
            if (lower.contains("transfer-encoding: chunked")) {
                return head + readUntil("0\r\n\r\n");
            }
            int at = lower.indexOf("content-length:");
            int length = Integer.parseInt(lower.substring(at + 15, lower.indexOf("\r\n", at)).trim());
            return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
        }

        boolean atEnd() throws IOException {
            return in.read() < 0;
        }

        private String readUntil(String end) throws IOException {
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            while (!read.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed after: " + read.toString(StandardCharsets.ISO_8859_1));
                }
                read.write(b);
            }
            return read.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
