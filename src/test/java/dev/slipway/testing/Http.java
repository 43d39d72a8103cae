package dev.slipway.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP from tests, to 127.0.0.1 only; the router is reached with a Host header. */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).version(HttpClient.Version.HTTP_1_1).build();

    private Http() {}

    /** {@code headers} is empty when nothing answered. */
    public record Answer(int status, String body, HttpHeaders headers) {
        Answer(int status, String body) {
            this(status, body, HttpHeaders.of(java.util.Map.of(), (name, value) -> true));
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    public static Answer get(int port, String host, String path) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
            if (host != null) b.header("Host", host);
            HttpResponse<String> r = CLIENT.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted");
        }
    }

    public static HttpClient client() {
        return CLIENT;
    }
}
