package dev.slipway.router;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream on 127.0.0.1 that reads what the router sends it with a strict HTTP/1.1 parser of its
 * own (not Netty's) and records it: each request as it came, and whether its body ended the way
 * HTTP/1.1 ends one (all its {@code Content-Length} bytes, or a last chunk and the final CRLF). Only a
 * complete request is answered, {@code 200} with the body it read; anything else closes the connection.
 * That is how a test sees that a bad body never reached the upstream with a made-up end.
 */
final class RecordingUpstream implements AutoCloseable {

    /** One request as the upstream read it: its head, the body bytes, and whether the body ended properly. */
    record Received(String head, String body, boolean complete) {
        /** The value of the first header called {@code name} (any case), or null. */
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }

        /** How many header lines are called {@code name}, in any case. */
        long count(String name) {
            return head.lines().filter(line -> line.indexOf(':') > 0
                    && line.substring(0, line.indexOf(':')).equalsIgnoreCase(name)).count();
        }
    }

    private final ServerSocket server;
    private final AtomicInteger midMessage = new AtomicInteger();
    final List<Received> received = new CopyOnWriteArrayList<>();

    RecordingUpstream() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        AcceptLoop.start(server, this::serve);
    }

    Upstream upstream() {
        return new Upstream("127.0.0.1", server.getLocalPort());
    }

    /**
     * Connections on which a request has begun (its first byte came) and has neither ended nor been cut
     * off by the router closing the connection. Idle pooled connections are not counted.
     */
    int midMessage() {
        return midMessage.get();
    }

    List<Received> complete() {
        return received.stream().filter(Received::complete).toList();
    }

    private void serve(Socket socket) {
        try (socket) {
            PushbackInputStream in = new PushbackInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            for (int first; (first = in.read()) >= 0; ) {
                in.unread(first);
                midMessage.incrementAndGet();
                boolean complete;
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                try {
                    String head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    complete = readBody(head, in, body);
                    received.add(new Received(head, body.toString(StandardCharsets.ISO_8859_1), complete));
                } finally {
                    midMessage.decrementAndGet();
                }
                if (!complete) {
                    return;
                }
                byte[] answer = body.toByteArray();
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + answer.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(answer);
                out.flush();
            }
        } catch (IOException e) {
            // the router closed the connection
        }
    }

    /** Reads the body the head announces into {@code body}; false when it did not end as HTTP/1.1 says. */
    private static boolean readBody(String head, InputStream in, ByteArrayOutputStream body) throws IOException {
        String encoding = null;
        String length = null;
        for (String line : head.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("transfer-encoding:")) {
                encoding = lower.substring(18).strip();
            } else if (lower.startsWith("content-length:")) {
                length = lower.substring(15).strip();
            }
        }
        if (encoding != null) {
            return encoding.equals("chunked") && length == null && readChunks(in, body);
        }
        if (length == null) {
            return true;
        }
        byte[] bytes = in.readNBytes(Integer.parseInt(length));
        body.write(bytes);
        return bytes.length == Integer.parseInt(length);
    }

    /** RFC 9112 section 7.1: hex sizes, extensions ignored, every line ending in CRLF, trailer lines read and kept out. */
    private static boolean readChunks(InputStream in, ByteArrayOutputStream body) throws IOException {
        while (true) {
            String line = readLine(in);
            if (line == null) {
                return false;
            }
            String size = line.split(";", 2)[0].strip();
            if (size.isEmpty() || size.length() > 8 || !size.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return false;
            }
            int n = Integer.parseInt(size, 16);
            if (n == 0) {
                for (String trailer; (trailer = readLine(in)) != null; ) {
                    if (trailer.isEmpty()) {
                        return true;
                    }
                }
                return false;
            }
            byte[] data = in.readNBytes(n);
            body.write(data);
            if (data.length != n || !"".equals(readLine(in))) {
                return false;
            }
        }
    }

    /** A line ending in CRLF, without it; null at the end of the stream or at a bare LF or CR. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n') {
                return null;
            }
            if (b == '\r') {
                return in.read() == '\n' ? line.toString(StandardCharsets.ISO_8859_1) : null;
            }
            line.write(b);
        }
        return null;
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        for (String line; (line = readLine(in)) != null; ) {
            if (line.isEmpty()) {
                return head.toString();
            }
            head.append(line).append("\r\n");
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
