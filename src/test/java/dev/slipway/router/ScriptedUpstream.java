package dev.slipway.router;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An upstream on 127.0.0.1 that answers each request (a head without body) with the exact bytes a
 * script gives for its request line, on kept-alive connections. With {@code piece > 0} it writes
 * them {@code piece} bytes at a time, flushing and pausing between pieces, so that the router reads
 * an answer in many small reads.
 */
final class ScriptedUpstream implements AutoCloseable {

    private final ServerSocket server;
    private final Function<String, String> answers;
    private final int piece;
    private final AtomicInteger connections = new AtomicInteger();
    final List<String> requestHeads = new CopyOnWriteArrayList<>();

    ScriptedUpstream(Function<String, String> answers, int piece) throws IOException {
        this.answers = answers;
        this.piece = piece;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        AcceptLoop.start(server, socket -> {
            connections.incrementAndGet();
            serve(socket);
        });
    }

    Upstream upstream() {
        return new Upstream("127.0.0.1", server.getLocalPort());
    }

    /** Connections the router opened to this upstream. */
    int connections() {
        return connections.get();
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String head;
            while ((head = readHead(in)) != null) {
                requestHeads.add(head);
                byte[] answer = answers.apply(head.substring(0, head.indexOf("\r\n"))).getBytes(StandardCharsets.ISO_8859_1);
                int step = piece > 0 ? piece : answer.length;
                for (int i = 0; i < answer.length; i += step) {
                    out.write(answer, i, Math.min(step, answer.length - i));
                    out.flush();
                    if (piece > 0) {
                        Thread.sleep(2);
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            // the router closed the connection
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
