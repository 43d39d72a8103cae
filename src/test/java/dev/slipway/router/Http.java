package dev.slipway.router;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/** Test clients that talk to the router on 127.0.0.1 with a chosen Host header. */
final class Http {

    static {
        // The JDK client refuses to set Host unless told; the router routes by nothing else.
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    static final String HOST = "test.shop.localhost";

    private Http() {}

    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    static HttpRequest.Builder request(int port, String host, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Host", host)
                .timeout(Duration.ofSeconds(10));
    }

    static HttpResponse<String> get(HttpClient client, int port, String host, String path) throws IOException, InterruptedException {
        return client.send(request(port, host, path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One response read from a raw connection: enough HTTP/1.1 to see keep-alive at work. */
    record RawResponse(int status, String body) {}

    static void writeGet(OutputStream out, String host, String path) throws IOException {
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    static RawResponse readResponse(InputStream in) throws IOException {
        String statusLine = readLine(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        long length = -1;
        boolean chunked = false;
        for (String line; !(line = readLine(in)).isEmpty(); ) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(line.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (int size; (size = Integer.parseInt(readLine(in).split(";")[0].trim(), 16)) > 0; ) {
                body.write(in.readNBytes(size));
                readLine(in);
            }
            readLine(in);
        } else if (length >= 0) {
            body.write(in.readNBytes((int) length));
        } else {
            throw new IOException("response without length would close the connection");
        }
        return new RawResponse(status, body.toString(StandardCharsets.UTF_8));
    }

    /** Reads a 1xx response: a status line and headers, no body. */
    static RawResponse readInterim(InputStream in) throws IOException {
        int status = Integer.parseInt(readLine(in).split(" ")[1]);
        while (!readLine(in).isEmpty()) {
            // headers of an interim response do not matter here
        }
        return new RawResponse(status, "");
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("connection closed after '" + line + "'");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
