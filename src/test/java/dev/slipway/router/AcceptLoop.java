package dev.slipway.router;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Consumer;

/** A test server's accept loop: each connection served on a virtual thread of its own, until the socket closes. */
final class AcceptLoop {
    private AcceptLoop() {}

    static void start(ServerSocket server, Consumer<Socket> serve) {
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                Socket socket;
                try {
                    socket = server.accept();
                } catch (IOException e) {
                    return;
                }
                if (server.isClosed()) {
                    // accept() can still return a connection that arrived while close() ran: not served
                    try {
                        socket.close();
                    } catch (IOException e) {
                        // closing a socket nobody uses
                    }
                    return;
                }
                Thread.ofVirtual().start(() -> serve.accept(socket));
            }
        });
    }
}
