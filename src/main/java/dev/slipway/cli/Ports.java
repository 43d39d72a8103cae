package dev.slipway.cli;

import dev.slipway.project.InvalidInputException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Tries each port a command will listen on before it starts anything, so that a taken port is one line
 * naming the port and its flag, instead of a bind stack trace after the database and engine were opened.
 * A port taken between this check and the real bind still fails, as CliErrors words it.
 */
final class Ports {
    private Ports() {}

    static void requireFree(String host, int port, String flag) {
        if (port < 0 || port > 65535) {
            throw new InvalidInputException(flag, flag + " " + port + " is not a port (0-65535; 0 picks a free one)");
        }
        if (port == 0) return;
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            boolean taken = String.valueOf(e.getMessage()).contains("in use");
            throw new InvalidInputException(flag, taken
                    ? "port " + port + " is in use (" + flag + "): stop what listens there or choose another port"
                    : "cannot listen on " + host + ":" + port + " (" + flag + ", --host): " + e.getMessage());
        } catch (IOException e) {
            throw new InvalidInputException(flag, "cannot listen on " + host + ":" + port + " (" + flag + ", --host): " + e.getMessage());
        }
    }
}
