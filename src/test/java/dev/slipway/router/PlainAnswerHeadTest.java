package dev.slipway.router;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PlainAnswerHeadTest {

    private final PlainAnswerHead scanner = new PlainAnswerHead();

    @Test
    void plainHeadGivesItsLengthStatusAndContentLength() {
        String head = "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\ncontent-length:  12 \r\n\r\n";
        byte[] bytes = (head + "not found!\r\n").getBytes(StandardCharsets.US_ASCII);

        assertThat(scanner.scan(bytes, bytes.length)).isEqualTo(head.length());
        assertThat(scanner.status()).isEqualTo(404);
        assertThat(scanner.contentLength()).isEqualTo(12);
    }

    @Test
    void hopByHopLinesAreLeftOutOfTheCopy() {
        String head = "HTTP/1.1 200 OK\r\nCONNECTION: Keep-Alive\r\nA: 1\r\nKeep-Alive: timeout=5\r\nTE: x\r\n"
                + "Content-Length: 0\r\nUpgrade: h2c\r\n\r\n";
        byte[] bytes = head.getBytes(StandardCharsets.US_ASCII);
        ByteBuf copy = Unpooled.buffer();

        scanner.copyTo(bytes, scanner.scan(bytes, bytes.length), copy);

        assertThat(copy.toString(StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200 OK\r\nA: 1\r\nContent-Length: 0\r\n\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n", // ends when the upstream closes
            "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
            "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\n",
            "HTTP/1.1 200 OK\r\nConnection: X-Private\r\nX-Private: 1\r\nContent-Length: 1\r\n\r\n",
            "HTTP/1.1 200 OK\nContent-Length: 1\n\n", // bare line feeds
            "HTTP/1.1 200 OK\r\nX-Folded: a\r\n b\r\nContent-Length: 1\r\n\r\n",
            "HTTP/1.1 200 OK\r\nBad Name: 1\r\nContent-Length: 1\r\n\r\n",
            "HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\n",
            "HTTP/1.1 100 Continue\r\n\r\n",
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n",
            "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n",
            "garbage\r\n\r\n"})
    void otherHeadsAreForTheDecoder(String head) {
        byte[] bytes = head.getBytes(StandardCharsets.US_ASCII);

        assertThat(scanner.scan(bytes, bytes.length)).isEqualTo(HeadBytes.NOT_PLAIN);
    }

    @Test
    void everyCutOfAPlainHeadIsIncomplete() {
        byte[] bytes = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

        for (int cut = 0; cut < bytes.length; cut++) {
            assertThat(scanner.scan(bytes, cut)).as("cut at %d", cut).isEqualTo(HeadBytes.INCOMPLETE);
        }
        assertThat(scanner.scan(bytes, bytes.length)).isEqualTo(bytes.length);
    }
}
