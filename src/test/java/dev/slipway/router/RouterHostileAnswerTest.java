package dev.slipway.router;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.slipway.router.Http.HOST;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upstream answers whose body Netty's decoder cannot frame: the client gets a 502 page while the
 * answer's head is still in the router, and a cut connection once part of it went out, never an end
 * of body the upstream did not send.
 */
class RouterHostileAnswerTest {

    private static final String CHUNKED = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

    /** An upstream answer and what the client reads: its status and body. */
    record Case(String name, String answer, int status, String body) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        String page = null; // a 502 page: its text is the router's, not checked here
        return List.of(
                new Case("chunk size zz", CHUNKED + "zz\r\nabc\r\n0\r\n\r\n", 502, page),
                new Case("chunk size -1", CHUNKED + "-1\r\nabc\r\n0\r\n\r\n", 502, page),
                new Case("chunk size 0x3", CHUNKED + "0x3\r\nabc\r\n0\r\n\r\n", 502, page),
                new Case("chunk size past a long", CHUNKED + "fffffffffffffffff1\r\nabc\r\n0\r\n\r\n", 502, page),
                new Case("empty chunk size", CHUNKED + "\r\nabc\r\n0\r\n\r\n", 502, page),
                new Case("no CRLF after the chunk data", CHUNKED + "3\r\nabc0\r\n\r\n", 502, page),
                new Case("chunk data longer than its size", CHUNKED + "3\r\nabcdef\r\n0\r\n\r\n", 502, page),
                new Case("two different Content-Length values", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 502, page),
                new Case("a chunk extension", CHUNKED + "3;a=b\r\nabc\r\n0\r\n\r\n", 200, "abc"),
                new Case("a trailer section", CHUNKED + "3\r\nabc\r\n0\r\nX-Trailer: 1\r\n\r\n", 200, "abc"),
                // RFC 9112 section 6.3: "ought to be handled as an error"; Netty's decoder refuses it.
                new Case("Content-Length and chunked", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 502, page),
                new Case("chunked, identity", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, identity\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 502, page));
    }

    private Router router;
    private ServerSocket upstream;

    @BeforeEach
    void start() {
        router = new Router(new RouteTable(), RouterOptions.DEFAULTS).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() throws IOException {
        router.close();
        if (upstream != null) {
            upstream.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void anAnswerWhoseBodyCannotBeFramedIsA502(Case hostile) throws Exception {
        try (ScriptedUpstream scripted = new ScriptedUpstream(requestLine -> hostile.answer(), 0);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), router.port())) {
            router.switchTo("shop", "test", List.of(scripted.upstream()));
            socket.setSoTimeout(5000);
            Http.writeGet(socket.getOutputStream(), HOST, "/");

            Http.RawResponse response = Http.readResponse(socket.getInputStream());

            assertThat(response.status()).isEqualTo(hostile.status());
            if (hostile.body() != null) {
                assertThat(response.body()).isEqualTo(hostile.body());
            }
        }
    }

    @Test
    void aBadChunkAfterPartOfTheAnswerWentOutCutsTheClientOffWithoutALastChunk() throws Exception {
        upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        AcceptLoop.start(upstream, socket -> {
            try (socket) {
                InputStream in = socket.getInputStream();
                int last4 = 0;
                for (int b; last4 != 0x0d0a0d0a; last4 = last4 << 8 | b) {
                    if ((b = in.read()) < 0) {
                        return;
                    }
                }
                OutputStream out = socket.getOutputStream();
                out.write((CHUNKED + "3\r\nabc\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                Thread.sleep(300);
                out.write("zz\r\ndef\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                Thread.sleep(1000);
            } catch (IOException | InterruptedException e) {
                // the router closed the connection
            }
        });
        router.switchTo("shop", "test", List.of(new Upstream("127.0.0.1", upstream.getLocalPort())));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), router.port())) {
            socket.setSoTimeout(5000);
            Http.writeGet(socket.getOutputStream(), HOST, "/");

            String answer = readUntilClosed(socket.getInputStream());

            assertThat(answer).startsWith("HTTP/1.1 200").contains("\r\n\r\n3\r\nabc\r\n")
                    .as("no last chunk the upstream did not send").doesNotContain("0\r\n\r\n");
        }
    }

    /** Everything the router sends until it closes the connection; a test failure if it does not within the timeout. */
    private static String readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                read.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the router kept the connection open after " + read.toString(StandardCharsets.ISO_8859_1), e);
        }
        return read.toString(StandardCharsets.ISO_8859_1);
    }
}
