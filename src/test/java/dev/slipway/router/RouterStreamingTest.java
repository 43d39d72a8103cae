package dev.slipway.router;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.slipway.router.Http.HOST;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The router streams bodies instead of holding them: it runs in a JVM with a 48 MiB heap, and
 * 100 MiB go through it in each direction. Buffering either body whole would end in OutOfMemoryError.
 */
class RouterStreamingTest {

    private static final long SIZE = 100L * 1024 * 1024;
    private Process child;
    private int port;

    @BeforeEach
    void startRouterWithSmallHeap() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(javaBin, "-Xmx48m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", Backend.class.getName())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (String line; System.nanoTime() < deadline && (line = out.readLine()) != null; ) {
            if (line.startsWith("router-port ")) {
                port = Integer.parseInt(line.substring(12).trim());
                break;
            }
        }
        assertThat(port).as("the child router printed its port").isPositive();
        Thread.ofVirtual().start(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (Exception ignored) {
                // the child ended
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        child.destroy();
        child.waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void hundredMebibyteUploadAndDownloadStreamThroughARouterWithA48MebibyteHeap() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] chunk = new byte[1024 * 1024];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) (i * 31);
        }
        for (long i = 0; i < SIZE / chunk.length; i++) {
            sha.update(chunk);
        }
        String expected = HexFormat.of().formatHex(sha.digest()) + " " + SIZE;

        HttpResponse<String> upload = client.send(Http.request(port, HOST, "/digest").timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> new RepeatingStream(chunk, SIZE)), SIZE))
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<InputStream> download = client.send(Http.request(port, HOST, "/bytes?n=" + SIZE).timeout(Duration.ofMinutes(2)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long received;
        try (InputStream body = download.body()) {
            received = body.transferTo(java.io.OutputStream.nullOutputStream());
        }

        assertThat(upload.statusCode()).isEqualTo(200);
        assertThat(upload.body()).isEqualTo(expected);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(received).isEqualTo(SIZE);
        assertThat(child.isAlive()).as("the router survived (no OutOfMemoryError)").isTrue();
        client.close();
    }

    /** {@code total} bytes made of {@code chunk} repeated, without holding them. */
    private static final class RepeatingStream extends InputStream {
        private final byte[] chunk;
        private long left;
        private int at;

        RepeatingStream(byte[] chunk, long total) {
            this.chunk = chunk;
            this.left = total;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(Math.min(len, chunk.length - at), left);
            System.arraycopy(chunk, at, b, off, n);
            at = (at + n) % chunk.length;
            left -= n;
            return n;
        }
    }
}
