package dev.slipway.router;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClientRequestDecoderTest {

    private static final ProxyHeaders.Forwarding FORWARDING = ProxyHeaders.Forwarding.of("10.1.2.3", "shop.example.com");

    @ParameterizedTest
    @ValueSource(strings = {
            "GET / HTTP/1.1\r\nHost: shop.example.com\r\n\r\n",
            "GET /a?b=c HTTP/1.1\r\nHost: shop.example.com\r\nAccept: */*\r\nUser-Agent: curl/8\r\nCookie: s=1; t=2\r\n\r\n",
            "DELETE /x HTTP/1.1\r\nHost: shop.example.com\r\nConnection: keep-alive\r\nKeep-Alive: 5\r\nTE: trailers\r\n"
                    + "X-Forwarded-For: 6.6.6.6\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: evil\r\n"
                    + "X-Forwarded-Port: 1\r\nX-Forwarded-Server: x\r\nForwarded: for=6.6.6.6\r\nContent-Length: 0\r\n\r\n",
            "HEAD /h HTTP/1.1\r\nHost: shop.example.com\r\nX-Obs-Text: caf\u00e9\r\nX-Tab: a\tb\r\n\r\n"})
    void aPlainRequestReachesTheUpstreamAsADecodedOneWould(String request) {
        EmbeddedChannel plain = new EmbeddedChannel(plainDecoder());
        plain.writeInbound(bytes(request));
        ClientRequestDecoder.Plain read = plain.readInbound();
        ByteBuf head = read.content();
        ProxyHeaders.toUpstream(head, FORWARDING);
        String plainHead = head.toString(StandardCharsets.ISO_8859_1);
        read.release();

        EmbeddedChannel decoded = new EmbeddedChannel(new HttpRequestDecoder());
        decoded.writeInbound(bytes(request));
        HttpRequest decodedRequest = decoded.readInbound();
        ProxyHeaders.toUpstream(decodedRequest, FORWARDING, false);
        EmbeddedChannel encoder = new EmbeddedChannel(new HttpRequestEncoder());
        encoder.writeOutbound(decodedRequest, LastHttpContent.EMPTY_LAST_CONTENT);
        StringBuilder decodedHead = new StringBuilder();
        for (Object piece; (piece = encoder.readOutbound()) != null; ReferenceCountUtil.release(piece)) {
            decodedHead.append(((ByteBuf) piece).toString(StandardCharsets.ISO_8859_1));
        }

        assertThat(plainHead).endsWith("\r\n\r\n");
        assertThat(lines(plainHead)).isEqualTo(lines(decodedHead.toString()));
        assertThat(plainHead).doesNotContain("6.6.6.6", "evil", "Keep-Alive", "TE:", "X-Forwarded-Port")
                .contains("X-Forwarded-For: 10.1.2.3\r\n", "Forwarded: for=10.1.2.3;host=shop.example.com;proto=http\r\n");
    }

    @Test
    void plainAndDecodedRequestsPipelinedOnOneConnectionComeOutInOrder() {
        EmbeddedChannel channel = new EmbeddedChannel(plainDecoder());

        channel.writeInbound(bytes("GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
                + "POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
                + "GET /3 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                + "GET /4 HTTP/1.1\r\nHost: a\r\n\r\n"));

        List<String> seen = new ArrayList<>();
        for (Object msg; (msg = channel.readInbound()) != null; ReferenceCountUtil.release(msg)) {
            seen.add(switch (msg) {
                case ClientRequestDecoder.Plain plain -> "plain " + plain.content().toString(StandardCharsets.US_ASCII).split(" ")[1];
                case HttpRequest request -> "decoded " + request.uri();
                case LastHttpContent last -> "last " + last.content().toString(StandardCharsets.US_ASCII);
                case HttpContent content -> "content " + content.content().toString(StandardCharsets.US_ASCII);
                default -> msg.toString();
            });
        }
        assertThat(seen).containsExactly("plain /1", "decoded /2", "last hello", "decoded /3", "content abc", "last ",
                "plain /4");
    }

    @Test
    void aHeadSentAFewBytesAtATimeIsLeftToTheDecoderAfterAFewReads() {
        EmbeddedChannel channel = new EmbeddedChannel(plainDecoder());
        String request = "GET /slow HTTP/1.1\r\nHost: a\r\nAccept: text/html\r\n\r\n";

        for (int i = 0; i < request.length(); i += 3) {
            channel.writeInbound(bytes(request.substring(i, Math.min(request.length(), i + 3))));
        }

        HttpRequest decoded = channel.readInbound();
        assertThat(decoded.uri()).isEqualTo("/slow");
        assertThat(decoded.headers().get("Accept")).isEqualTo("text/html");
        assertThat((Object) channel.readInbound()).isInstanceOf(LastHttpContent.class);
        channel.writeInbound(bytes("GET /next HTTP/1.1\r\nHost: a\r\n\r\n"));
        ClientRequestDecoder.Plain next = channel.readInbound();
        assertThat(next.host).isEqualTo("a");
        next.release();
    }

    @Test
    void aConnectionsRequestsShareOneHostString() {
        EmbeddedChannel channel = new EmbeddedChannel(plainDecoder());
        channel.writeInbound(bytes("GET / HTTP/1.1\r\nHost: a.example\r\n\r\nGET / HTTP/1.1\r\nHost: a.example\r\n\r\n"
                + "GET / HTTP/1.1\r\nHost: b.example\r\n\r\n"));

        ClientRequestDecoder.Plain first = channel.readInbound();
        ClientRequestDecoder.Plain second = channel.readInbound();
        ClientRequestDecoder.Plain third = channel.readInbound();

        assertThat(second.host).isSameAs(first.host).isEqualTo("a.example");
        assertThat(third.host).isEqualTo("b.example");
        ReferenceCountUtil.release(first);
        ReferenceCountUtil.release(second);
        ReferenceCountUtil.release(third);
    }

    private static ClientRequestDecoder plainDecoder() {
        return new ClientRequestDecoder(new HttpDecoderConfig(), 8192);
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    /** The request line first, then the header lines in any order, their names in lower case. */
    private static List<String> lines(String head) {
        List<String> lines = new ArrayList<>(Arrays.asList(head.split("\r\n")));
        List<String> headers = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            headers.add(line.substring(0, colon).toLowerCase() + line.substring(colon));
        }
        headers.sort(null);
        List<String> result = new ArrayList<>();
        result.add(lines.getFirst());
        result.addAll(headers);
        return result;
    }
}
