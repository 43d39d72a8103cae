package dev.slipway.local;

import dev.slipway.project.InvalidInputException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The host port the web is published on, resolved as compose does: the shell's variable, then .env, then the default. */
public final class LocalPort {
    private LocalPort() {}

    public static int resolve(Map<String, String> env, Path dir, int defaultPort) {
        String value = env.get(LocalOptions.PORT_VARIABLE);
        String where = "the environment";
        if (value == null || value.isBlank()) {
            value = fromDotEnv(dir.resolve(ComposeFiles.ENV_FILE)).orElse(null);
            where = ComposeFiles.ENV_FILE;
        }
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(LocalOptions.PORT_VARIABLE, LocalOptions.PORT_VARIABLE + " in " + where + " is '" + value
                + "'; it must be a port number from 1 to 65535");
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static PortTakenException taken(int port) {
        return new PortTakenException("127.0.0.1:" + port + " is already in use, so the web cannot be published there; stop"
                + " what listens on it, or choose another port: " + LocalOptions.PORT_VARIABLE + "=" + (port == 65535 ? 8001 : port + 1)
                + " slipway local up (or set " + LocalOptions.PORT_VARIABLE + " in .env)");
    }

    private static Optional<String> fromDotEnv(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String prefix = LocalOptions.PORT_VARIABLE + "=";
            return Files.readAllLines(file).stream().map(String::strip).filter(l -> l.startsWith(prefix))
                    .reduce((first, last) -> last).map(l -> l.substring(prefix.length()).replaceAll("^[\"']|[\"']$", ""));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
