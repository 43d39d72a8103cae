package dev.slipway.cli;

import dev.slipway.server.ServerOptions;
import dev.slipway.server.SlipwayServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "server", description = "Runs the control panel (REST API), the router and the deployment runner.")
final class ServerCommand implements Callable<Integer> {
    @Option(names = "--data", description = "data folder (embedded database, admin token, workspaces); default ./data")
    Path data = Path.of("data");

    @Option(names = "--host", description = "address the API and router listen on; default 127.0.0.1")
    String host = "127.0.0.1";

    @Option(names = "--port", description = "API port; default 8000")
    int port = ServerOptions.DEFAULT_PORT;

    @Option(names = "--router-port", description = "router port; default 8080")
    int routerPort = ServerOptions.DEFAULT_ROUTER_PORT;

    @Option(names = "--base-domain", description = "environments answer at <env>.<project>.<base-domain>; default localhost")
    String baseDomain = ServerOptions.DEFAULT_BASE_DOMAIN;

    @Option(names = "--db", description = "JDBC URL of a PostgreSQL database to keep state in, instead of the embedded one")
    String db;

    @Option(names = "--no-router", description = "run no embedded router: standalone `slipway router --control URL` processes serve the routes")
    boolean noRouter;

    @picocli.CommandLine.Mixin
    RouterFlags routerLimits = new RouterFlags();

    @Option(names = "--pull", description = "pull a fresh base image for every build (needs a registry)")
    boolean pull;

    @Option(names = "--repo-root", paramLabel = "DIR",
            description = "a folder under which a project's repository may be on this machine (file:// or a path); repeatable; default: none")
    java.util.List<Path> repoRoots = new java.util.ArrayList<>();

    @Option(names = "--ssh-dir", description = "private key, known_hosts and config for ssh:// repositories; default ~/.ssh")
    Path sshDir = dev.slipway.build.GitCheckout.Options.DEFAULT_SSH_DIRECTORY;

    @Option(names = "--keep-releases", description = "releases per environment whose images are kept for rollback; default 5")
    int keepReleases = dev.slipway.deploy.PruneImages.DEFAULT_KEEP_RELEASES;

    @Option(names = "--postgres", paramLabel = "postgres://ADMIN:PASS@HOST:PORT/DB",
            description = "admin connection of the PostgreSQL cluster the postgres service creates databases on")
    String postgres;

    @Option(names = "--storage", paramLabel = "s3://KEY:SECRET@HOST:PORT",
            description = "S3-compatible server for the storage service; default: directories under DATA/media")
    String storage;

    @Option(names = "--engine", paramLabel = "docker|swarm",
            description = "what runs the containers: the Docker engine (default) or a Docker Swarm whose manager that engine is")
    String engine;

    @Option(names = "--registry", paramLabel = "HOST:PORT", description = "with --engine swarm: the registry every node pulls the images from")
    String registry;

    @Option(names = "--no-save-token", description = "do not keep a newly made admin token in the CLI config (~/.config/slipway/config)")
    boolean noSaveToken;

    @Override
    public Integer call() throws InterruptedException {
        dev.slipway.server.EngineChoice.of(engine, registry);
        requirePortsFree();
        SlipwayServer server = SlipwayServer.start(options());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        tellAboutToken(server, System.out);
        System.out.println("API: http://" + host + ":" + server.port() + "   router: "
                + (noRouter ? "none (--no-router; run `slipway router --control URL`)" : "http://" + host + ":" + server.routerPort()));
        stopped.await();
        return 0;
    }

    void requirePortsFree() {
        Ports.requireFree(host, port, "--port");
        if (!noRouter) Ports.requireFree(host, routerPort, "--router-port");
    }

    /** The address a client on this machine uses: a wildcard bind is reached at 127.0.0.1. */
    String localUrl(SlipwayServer server) {
        String h = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
        return "http://" + h + ":" + server.port();
    }

    /**
     * Shows a newly made admin token, the only time it exists outside the hash, and keeps it in the CLI
     * config unless {@code --no-save-token}, so that the person who started the server can go on at once.
     */
    void tellAboutToken(SlipwayServer server, java.io.PrintStream out) {
        Path hash = data.toAbsolutePath().resolve(dev.slipway.server.AdminToken.HASH_FILE);
        if (server.createdToken().isEmpty()) {
            out.println("admin token: the one shown at this data folder's first start (" + hash + " keeps only its hash)");
            return;
        }
        String token = server.createdToken().get();
        String url = localUrl(server);
        out.println("admin token: " + token);
        out.println("  shown only now: " + hash + " keeps only its hash; elsewhere use it with `slipway login " + url + " TOKEN` or SLIPWAY_TOKEN");
        if (noSaveToken) return;
        Path file = CliConfig.location(System.getenv());
        try {
            new CliConfig(file, url, token).write();
            out.println("  the CLI on this machine is logged in to " + url + " (" + file + ")");
        } catch (RuntimeException e) {
            out.println("  could not keep it in " + file + " (" + e.getMessage() + "); note it now");
        }
    }

    ServerOptions options() {
        return new ServerOptions(data, host, port, noRouter ? ServerOptions.NO_ROUTER : routerPort, baseDomain, db, pull, sshDir, keepReleases, postgres, storage, routerLimits.options())
                .withRepoRoots(repoRoots)
                .withEngine(dev.slipway.server.EngineChoice.of(engine, registry));
    }
}
