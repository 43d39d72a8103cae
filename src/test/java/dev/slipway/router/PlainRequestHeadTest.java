package dev.slipway.router;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PlainRequestHeadTest {

    private final PlainRequestHead scanner = new PlainRequestHead();

    @Test
    void plainHeadGivesItsLengthMethodHostAndAccept() {
        String head = "HEAD /a/b?c=d HTTP/1.1\r\nhost:  shop.example.com:8080 \r\nAccept: application/json\r\n\r\n";
        byte[] bytes = (head + "GET / HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII);

        assertThat(scanner.scan(bytes, bytes.length)).isEqualTo(head.length());
        assertThat(scanner.method()).isEqualTo(HttpMethod.HEAD);
        assertThat(scanner.host(bytes, null)).isEqualTo("shop.example.com:8080");
        String same = "shop.example.com:8080";
        assertThat(scanner.host(bytes, same)).isSameAs(same);
        assertThat(scanner.host(bytes, "shop.example.com:8081")).isEqualTo("shop.example.com:8080");
        assertThat(scanner.accept(bytes, null)).isEqualTo("application/json");
    }

    @Test
    void anUncommonMethodIsReadAsNettyReadsIt() {
        byte[] bytes = "PROPFIND /dav HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

        assertThat(scanner.scan(bytes, bytes.length)).isEqualTo(bytes.length);
        assertThat(scanner.method()).isEqualTo(HttpMethod.valueOf("PROPFIND"));
        assertThat(scanner.accept(bytes, "text/html")).isNull();
    }

    @Test
    void hopByHopAndForwardingLinesAreLeftOutOfTheCopyAndSoIsTheEmptyLine() {
        String head = "GET / HTTP/1.1\r\nConnection: Keep-Alive\r\nHost: a\r\nX-Forwarded-For: 6.6.6.6\r\nTE: trailers\r\n"
                + "forwarded: for=6.6.6.6\r\nUser-Agent: t\r\nX-Forwarded-Host: evil\r\nKeep-Alive: 5\r\n"
                + "Proxy-Authorization: Basic eA==\r\nContent-Length: 0\r\n\r\n";
        byte[] bytes = head.getBytes(StandardCharsets.US_ASCII);
        ByteBuf copy = Unpooled.buffer();

        scanner.copyLinesTo(bytes, scanner.scan(bytes, bytes.length), copy);

        assertThat(copy.toString(StandardCharsets.US_ASCII))
                .isEqualTo("GET / HTTP/1.1\r\nHost: a\r\nUser-Agent: t\r\nContent-Length: 0\r\n");
    }

    @Test
    void aHeadCutShortIsIncompleteAtEveryByte() {
        byte[] bytes = "GET /x HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

        for (int length = 0; length < bytes.length; length++) {
            assertThat(scanner.scan(bytes, length)).as("after %d bytes", length).isEqualTo(HeadBytes.INCOMPLETE);
        }
        assertThat(scanner.scan(bytes, bytes.length)).isEqualTo(bytes.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello", // a body
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: +0\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            "GET / HTTP/1.1\r\nUser-Agent: t\r\n\r\n", // no Host
            "GET / HTTP/1.1\r\nHost: \r\n\r\n",
            "GET / HTTP/1.0\r\nHost: a\r\n\r\n",
            "GET http://a/ HTTP/1.1\r\nHost: a\r\n\r\n", // absolute form: its authority wins
            "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
            "CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n",
            "GET  / HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET /\u00e9 HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET / HTTP/1.1\nHost: a\n\n", // bare line feeds
            "GET / HTTP/1.1\r\nHost: a\nUser-Agent: t\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nX-Folded: a\r\n b\r\n\r\n",
            "GET / HTTP/1.1\r\nHost : a\r\n\r\n", // space before the colon
            "GET / HTTP/1.1\r\nBad Name: 1\r\nHost: a\r\n\r\n",
            "GET / HTTP/1.1\r\n: empty\r\nHost: a\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nX-Nul: a\u0000b\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nX-Cr: a\rb\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n",
            "GET /chat HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nConnection: X-Private\r\nX-Private: 1\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nTE: 1\r\nTE: 2\r\nTE: 3\r\nTE: 4\r\nTE: 5\r\nTE: 6\r\nTE: 7\r\n"
                    + "TE: 8\r\nTE: 9\r\nTE: 10\r\nTE: 11\r\nTE: 12\r\nTE: 13\r\n\r\n", // more lines to drop than kept track of
            "\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", // an empty line first, which the decoder skips
            "GET / HTTP/1.1\r\nHost: a\r\n\n",
            "VERYVERYVERYLONGMETHOD / HTTP/1.1\r\nHost: a\r\n\r\n"})
    void otherRequestsAreForTheDecoder(String head) {
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);

        assertThat(scanner.scan(bytes, bytes.length)).isEqualTo(HeadBytes.NOT_PLAIN);
    }
}
