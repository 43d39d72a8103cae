package dev.slipway.server;

import java.nio.file.Path;

/**
 * How {@code slipway server} runs. {@code dbUrl} null means the embedded database under
 * {@code dataDir}; {@code pullBaseImage} is off by default so that an offline installation works.
 * {@code postgresUrl} (null: no postgres service) is the admin URL of the cluster the postgres service
 * provisions on; {@code storageUrl} (null: host directories) the S3 server of the storage service.
 */
public record ServerOptions(
        Path dataDir,
        String bindHost,
        int port,
        int routerPort,
        String baseDomain,
        String dbUrl,
        boolean pullBaseImage,
        String postgresUrl,
        String storageUrl) {

    public static final int DEFAULT_PORT = 8000;
    public static final int DEFAULT_ROUTER_PORT = 8080;
    public static final String DEFAULT_BASE_DOMAIN = "localhost";

    public static ServerOptions defaults(Path dataDir) {
        return new ServerOptions(dataDir, "127.0.0.1", DEFAULT_PORT, DEFAULT_ROUTER_PORT, DEFAULT_BASE_DOMAIN, null, false, null, null);
    }

    public ServerOptions withPorts(int apiPort, int newRouterPort) {
        return new ServerOptions(dataDir, bindHost, apiPort, newRouterPort, baseDomain, dbUrl, pullBaseImage, postgresUrl, storageUrl);
    }

    public ServerOptions withDbUrl(String url) {
        return new ServerOptions(dataDir, bindHost, port, routerPort, baseDomain, url, pullBaseImage, postgresUrl, storageUrl);
    }

    public ServerOptions withServices(String postgres, String storage) {
        return new ServerOptions(dataDir, bindHost, port, routerPort, baseDomain, dbUrl, pullBaseImage, postgres, storage);
    }
}
