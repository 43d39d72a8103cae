package dev.slipway.server;

import java.nio.file.Path;

/**
 * How {@code slipway server} runs. {@code dbUrl} null means the embedded database under
 * {@code dataDir}; {@code pullBaseImage} is off by default so that an offline installation works.
 */
public record ServerOptions(
        Path dataDir,
        String bindHost,
        int port,
        int routerPort,
        String baseDomain,
        String dbUrl,
        boolean pullBaseImage) {

    public static final int DEFAULT_PORT = 8000;
    public static final int DEFAULT_ROUTER_PORT = 8080;
    /** As {@code routerPort}: run no embedded router; standalone routers ({@code slipway router}) serve the routes. */
    public static final int NO_ROUTER = -1;
    public static final String DEFAULT_BASE_DOMAIN = "localhost";

    public static ServerOptions defaults(Path dataDir) {
        return new ServerOptions(dataDir, "127.0.0.1", DEFAULT_PORT, DEFAULT_ROUTER_PORT, DEFAULT_BASE_DOMAIN, null, false);
    }

    public ServerOptions withPorts(int apiPort, int newRouterPort) {
        return new ServerOptions(dataDir, bindHost, apiPort, newRouterPort, baseDomain, dbUrl, pullBaseImage);
    }

    public ServerOptions withDbUrl(String url) {
        return new ServerOptions(dataDir, bindHost, port, routerPort, baseDomain, url, pullBaseImage);
    }
}
