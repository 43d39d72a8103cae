package dev.slipway.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 written by hand to 127.0.0.1, for requests no client library would send. */
public final class RawHttp {
    private RawHttp() {}

    /** The answer's status line, headers and body as text; "" when the server closed without answering. */
    public record Answer(String text) {
        public int status() {
            if (!text.startsWith("HTTP/1.1 ")) return -1;
            return Integer.parseInt(text.substring(9, 12));
        }

        public String body() {
            int end = text.indexOf("\r\n\r\n");
            return end < 0 ? "" : text.substring(end + 4);
        }

        public String header(String name) {
            int end = text.indexOf("\r\n\r\n");
            for (String line : text.substring(0, end < 0 ? text.length() : end).split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) return line.substring(colon + 1).trim();
            }
            return null;
        }
    }

    /** Sends {@code request} as is, half-closes the connection, and reads until the server closes (10 s at most). */
    public static Answer send(int port, String request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            return new Answer(readAll(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long deadline = System.nanoTime() + 10_000_000_000L;
        try {
            for (int n; System.nanoTime() < deadline && (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // what arrived before the timeout or reset is the answer
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
