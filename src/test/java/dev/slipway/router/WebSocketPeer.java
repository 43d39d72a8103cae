package dev.slipway.router;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Just enough RFC 6455 for tests: an echo server that answers every text frame with
 * {@code <name>:<text>}, and a client that speaks through the router with a chosen Host header.
 */
final class WebSocketPeer {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocketPeer() {}

    /** A WebSocket echo server on 127.0.0.1; {@code /refuse} answers 403 instead of upgrading. */
    static final class Server implements AutoCloseable {
        final String name;
        private final ServerSocket socket;
        volatile Map<String, String> lastHandshake = Map.of();

        Server(String name) throws IOException {
            this.name = name;
            this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            AcceptLoop.start(socket, this::serve);
        }

        Upstream upstream() {
            return new Upstream("127.0.0.1", socket.getLocalPort());
        }

        private void serve(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                String requestLine = line(in);
                Map<String, String> headers = headers(in);
                lastHandshake = headers;
                if (requestLine.contains("/refuse")) {
                    out.write("HTTP/1.1 403 Forbidden\r\nContent-Length: 7\r\nContent-Type: text/plain\r\n\r\nrefused".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    return;
                }
                String accept = WebSocketPeer.accept(headers.get("sec-websocket-key"));
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                        + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                for (String text; (text = readFrame(in)) != null; ) {
                    writeFrame(out, name + ":" + text, false);
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A client connection that completed its handshake through the router. */
    static final class Client implements AutoCloseable {
        private final Socket socket;
        final int status;
        final String refusalBody;

        Client(int port, String host, String path) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(10_000);
            String key = Base64.getEncoder().encodeToString(new byte[16]);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\nX-Forwarded-For: 6.6.6.6\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            status = Integer.parseInt(line(in).split(" ")[1]);
            Map<String, String> headers = headers(in);
            if (status == 101) {
                if (!accept(key).equals(headers.get("sec-websocket-accept"))) {
                    throw new IOException("wrong Sec-WebSocket-Accept: " + headers);
                }
                refusalBody = null;
            } else {
                int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
                refusalBody = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
        }

        /** Sends a text frame and reads the answer; null when the connection was closed. */
        String echo(String text) throws IOException {
            writeFrame(socket.getOutputStream(), text, true);
            return readFrame(socket.getInputStream());
        }

        /** True when the other side closed the connection (read sees the end of the stream). */
        boolean isClosedByPeer() {
            try {
                return socket.getInputStream().read() < 0;
            } catch (IOException e) {
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static String accept(String key) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads one unfragmented frame; null on a close frame or the end of the stream. */
    static String readFrame(InputStream in) throws IOException {
        int b0 = in.read();
        if (b0 < 0 || (b0 & 0x0F) == 0x8) {
            return null;
        }
        int b1 = in.read();
        long length = b1 & 0x7F;
        if (length == 126) {
            length = (in.read() << 8) | in.read();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | in.read();
            }
        }
        byte[] mask = (b1 & 0x80) != 0 ? in.readNBytes(4) : null;
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            return null;
        }
        if (mask != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
        }
        return new String(payload, StandardCharsets.UTF_8);
    }

    static void writeFrame(OutputStream out, String text, boolean masked) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else {
            frame.write(maskBit | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xFF);
        }
        if (masked) {
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            frame.write(mask);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
        }
        frame.write(payload);
        out.write(frame.toByteArray());
        out.flush();
    }

    private static Map<String, String> headers(InputStream in) throws IOException {
        Map<String, String> headers = new HashMap<>();
        for (String h; !(h = line(in)).isEmpty(); ) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        return headers;
    }

    private static String line(InputStream in) throws IOException {
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
