package dev.slipway.server;

import dev.slipway.build.GitCheckout;
import dev.slipway.deploy.PruneImages;
import dev.slipway.router.RouterOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * How {@code slipway server} runs. {@code dbUrl} null means the embedded database under
 * {@code dataDir}; {@code pullBaseImage} is off by default so that an offline installation works;
 * {@code sshDir} holds the key and known_hosts for ssh:// repositories (default ~/.ssh);
 * {@code keepReleases}: the releases per environment whose images survive pruning;
 * {@code postgresUrl} (null: no postgres service) is the admin URL of the cluster the postgres service
 * provisions on; {@code storageUrl} (null: host directories) the S3 server of the storage service;
 * {@code router}: the embedded router's timeouts and limits; {@code repoRoots}: where on this disk a
 * project's repository may be (none by default).
 */
public record ServerOptions(
        Path dataDir,
        String bindHost,
        int port,
        int routerPort,
        String baseDomain,
        String dbUrl,
        boolean pullBaseImage,
        Path sshDir,
        int keepReleases,
        String postgresUrl,
        String storageUrl,
        RouterOptions router,
        List<Path> repoRoots,
        EngineChoice engine) {

    public static final int DEFAULT_PORT = 8000;
    public static final int DEFAULT_ROUTER_PORT = 8080;
    /** As {@code routerPort}: run no embedded router; standalone routers ({@code slipway router}) serve the routes. */
    public static final int NO_ROUTER = -1;
    public static final String DEFAULT_BASE_DOMAIN = "localhost";

    public ServerOptions {
        repoRoots = List.copyOf(repoRoots);
        engine = engine == null ? EngineChoice.DOCKER : engine;
    }

    /** No repository on the server's own disk is allowed (see {@link #withRepoRoots}). */
    public ServerOptions(Path dataDir, String bindHost, int port, int routerPort, String baseDomain, String dbUrl, boolean pullBaseImage,
            Path sshDir, int keepReleases, String postgresUrl, String storageUrl, RouterOptions router) {
        this(dataDir, bindHost, port, routerPort, baseDomain, dbUrl, pullBaseImage, sshDir, keepReleases, postgresUrl, storageUrl, router, List.of(), EngineChoice.DOCKER);
    }

    public ServerOptions(Path dataDir, String bindHost, int port, int routerPort, String baseDomain, String dbUrl, boolean pullBaseImage) {
        this(dataDir, bindHost, port, routerPort, baseDomain, dbUrl, pullBaseImage, GitCheckout.Options.DEFAULT_SSH_DIRECTORY,
                PruneImages.DEFAULT_KEEP_RELEASES, null, null, RouterOptions.DEFAULTS);
    }

    public static ServerOptions defaults(Path dataDir) {
        return new ServerOptions(dataDir, "127.0.0.1", DEFAULT_PORT, DEFAULT_ROUTER_PORT, DEFAULT_BASE_DOMAIN, null, false);
    }

    public ServerOptions withPorts(int apiPort, int newRouterPort) {
        return new ServerOptions(dataDir, bindHost, apiPort, newRouterPort, baseDomain, dbUrl, pullBaseImage, sshDir, keepReleases, postgresUrl, storageUrl, router, repoRoots, engine);
    }

    public ServerOptions withDbUrl(String url) {
        return new ServerOptions(dataDir, bindHost, port, routerPort, baseDomain, url, pullBaseImage, sshDir, keepReleases, postgresUrl, storageUrl, router, repoRoots, engine);
    }

    public ServerOptions withSshDir(Path dir) {
        return new ServerOptions(dataDir, bindHost, port, routerPort, baseDomain, dbUrl, pullBaseImage, dir, keepReleases, postgresUrl, storageUrl, router, repoRoots, engine);
    }

    public ServerOptions withKeepReleases(int keep) {
        return new ServerOptions(dataDir, bindHost, port, routerPort, baseDomain, dbUrl, pullBaseImage, sshDir, keep, postgresUrl, storageUrl, router, repoRoots, engine);
    }

    public ServerOptions withServices(String postgres, String storage) {
        return new ServerOptions(dataDir, bindHost, port, routerPort, baseDomain, dbUrl, pullBaseImage, sshDir, keepReleases, postgres, storage, router, repoRoots, engine);
    }

    /** Folders under which a project's repository may be on this disk ({@code --repo-root}); the data folder never. */
    public ServerOptions withRepoRoots(List<Path> roots) {
        return new ServerOptions(dataDir, bindHost, port, routerPort, baseDomain, dbUrl, pullBaseImage, sshDir, keepReleases, postgresUrl, storageUrl, router, roots, engine);
    }

    /** The engine that runs the containers ({@code --engine}, {@code --registry}). */
    public ServerOptions withEngine(EngineChoice choice) {
        return new ServerOptions(dataDir, bindHost, port, routerPort, baseDomain, dbUrl, pullBaseImage, sshDir, keepReleases, postgresUrl, storageUrl, router, repoRoots, choice);
    }
}
