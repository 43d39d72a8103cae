package dev.slipway.server;

import dev.slipway.build.GitCheckout;
import dev.slipway.deploy.DeployOptions;
import dev.slipway.deploy.DeployTools;
import dev.slipway.deploy.Deployer;
import dev.slipway.deploy.Teardown;
import dev.slipway.deploy.Recovery;
import dev.slipway.deploy.Supervisor;
import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.docker.DockerContainerEngine;
import dev.slipway.engine.docker.WebReach;
import dev.slipway.engine.swarm.SwarmContainerEngine;
import dev.slipway.router.RouteTable;
import dev.slipway.router.Router;
import dev.slipway.router.RouterOptions;
import dev.slipway.services.Services;
import dev.slipway.store.SecretCipher;
import dev.slipway.store.SecretStore;
import dev.slipway.store.Store;
import dev.slipway.store.Stores;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The control panel, router and deployment runner in one process ({@code slipway server}). */
public final class SlipwayServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SlipwayServer.class);
    /** How long stopping waits for the deployment log streams to end (each looks every 200 ms). */
    private static final Duration STREAMS_END = Duration.ofSeconds(1);
    /** Jetty's default: the request line and headers together; over it, 414 or 431 (in JSON, {@link JettyErrors}). */
    static final int REQUEST_HEAD_LIMIT = 8192;

    private final Store store;
    private final Router router;
    private final Deployer deployer;
    private final Supervisor supervisor;
    private final Api api;
    private final Javalin app;
    private final Services services;
    private final String createdToken;
    private final String localToken;

    private SlipwayServer(Store store, Router router, Deployer deployer, Supervisor supervisor, Api api, Javalin app, Services services,
            String createdToken, String localToken) {
        this.services = services;
        this.createdToken = createdToken;
        this.localToken = localToken;
        this.store = store;
        this.router = router;
        this.deployer = deployer;
        this.supervisor = supervisor;
        this.api = api;
        this.app = app;
    }

    public static SlipwayServer start(ServerOptions options) {
        // Read before anything is written: a bad value changes nothing, not even the data folder.
        WebReach reach = WebReach.fromEnvironment();
        // An engine that is not there, or not the swarm manager --engine swarm asks for, changes nothing either.
        ContainerEngine engine = connectEngine(options.engine(), reach);
        Path data = options.dataDir().toAbsolutePath();
        ownerOnly(data);
        String instanceId = instanceId(data);
        AdminToken token = AdminToken.loadOrCreate(data);
        if (token.migrated()) {
            LOG.info("the plain admin token file {} was replaced by its hash in {}; the token is unchanged",
                    data.resolve(AdminToken.PLAIN_FILE), data.resolve(AdminToken.HASH_FILE));
        }
        AdminToken local = AdminToken.inMemory();
        Store store = Stores.open(data, options.dbUrl());
        SecretStore secrets;
        Services services;
        try {
            secrets = Stores.secrets(store, SecretCipher.load(data));
            services = Services.configure(options.postgresUrl(), options.storageUrl(), data.resolve("media"), secrets);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RouteTable table = new RouteTable(options.baseDomain());
        Router router = options.routerPort() == ServerOptions.NO_ROUTER ? null
                : new Router(table, options.router(), metrics).start(options.bindHost(), options.routerPort());
        RouterReports reports = new RouterReports(HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 8));
        PanelRoutes routes = new PanelRoutes(table, router, reports);
        Clock clock = Clock.systemUTC();
        GitCheckout git = new GitCheckout(GitCheckout.Options.DEFAULTS.withSshDirectory(options.sshDir()));
        DeployTools tools = new DeployTools(store, engine, routes, git, services, secrets::variables,
                data.resolve("workspaces"), instanceId, clock);
        new Recovery(tools).run();
        DomainsApi.restore(store, table);
        Deployer deployer = new Deployer(tools, new DeployOptions(options.pullBaseImage(),
                dev.slipway.deploy.Migrate.DEFAULT_TIMEOUT, dev.slipway.deploy.StartProcesses.DEFAULT_CHECK_WINDOW, options.keepReleases()));
        Supervisor supervisor = new Supervisor(tools, deployer, Supervisor.DEFAULT_INTERVAL).start();
        Api api = new Api(store, deployer, supervisor, routes, git, new dev.slipway.build.RepoRoots(options.repoRoots(), data), options.baseDomain(),
                router == null ? ServerOptions.DEFAULT_ROUTER_PORT : router.port(), clock);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(REQUEST_HEAD_LIMIT));
            config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors(REQUEST_HEAD_LIMIT)));
            config.routes.before(Api.PREFIX + "/*", ctx -> {
                if (ctx.path().equals(Api.PREFIX + "/openapi.json")) return;
                String header = ctx.header("Authorization");
                String presented = header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : null;
                if (!token.matches(presented) && !local.matches(presented)) {
                    throw new io.javalin.http.UnauthorizedResponse("a valid bearer token is required: the admin token printed at the server's first start");
                }
            });
            config.routes.get("/healthz", new Healthz(store, options.dbUrl())::handle);
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape()));
            new WebUi().register(config.routes);
            config.routes.get(Api.PREFIX + "/openapi.json", ctx -> ctx.contentType("application/json")
                    .result(SlipwayServer.class.getResourceAsStream("/openapi.json")));
            api.register(config.routes);
            new BuildsApi(store, engine).register(config.routes);
            new RefsApi(store, git).register(config.routes);
            new RoutesApi(table, reports).register(config.routes);
            new DomainsApi(store, table, clock).register(config.routes);
            new VariablesApi(store, secrets).register(config.routes);
            new DeletionApi(new Teardown(tools, deployer, Stores.removal(store))).register(config.routes);
            new TransferApi(store, services, deployer, data.resolve("transfers")).register(config.routes);
            ApiErrors.register(config.routes);
        });
        app.start(options.bindHost(), options.port());
        token.keep(data);
        LOG.info("Slipway web UI and API on http://{}:{}/, router on {} (*.{})", options.bindHost(), app.port(),
                router == null ? "standalone routers only (--no-router)" : options.bindHost() + ":" + router.port(),
                options.baseDomain());
        return new SlipwayServer(store, router, deployer, supervisor, api, app, services, token.created().orElse(null), local.created().orElseThrow());
    }

    /** The admin token this start made (a new data folder), for its starter to show once; never logged. */
    public Optional<String> createdToken() {
        return Optional.ofNullable(createdToken);
    }

    /** A token valid while this server runs, never stored: the starting process's own way in (quickstart). */
    public String localToken() {
        return localToken;
    }

    public int port() {
        return app.port();
    }

    /** "GET /api/v1/projects", …: every endpoint the web server has, as Javalin matches them. */
    java.util.List<String> endpoints() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(e -> e.endpoint)
                .filter(e -> e.method.isHttpMethod())
                .map(e -> e.method.name() + " " + e.path)
                .toList();
    }

    /** The embedded router's port; {@link ServerOptions#NO_ROUTER} when there is none. */
    public int routerPort() {
        return router == null ? ServerOptions.NO_ROUTER : router.port();
    }

    /**
     * The data folder holds the database, the secret key and the workspaces: no other user of the host
     * reads it. Containers never need it (media folders are bind-mounted by the engine, which runs as root).
     */
    static void ownerOnly(Path data) {
        try {
            Files.createDirectories(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the data folder " + data, e);
        }
    }

    /** Each data folder is one Slipway instance; its id marks its containers (label slipway.instance). */
    static String instanceId(Path data) {
        Path file = data.resolve("instance-id");
        try {
            Files.createDirectories(data);
            if (Files.exists(file)) return Files.readString(file).trim();
            String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 12);
            Files.writeString(file, id + "\n");
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the data folder " + data, e);
        }
    }

    /** The Docker engine, or the swarm it manages with the registry every node pulls from. */
    private static ContainerEngine connectEngine(EngineChoice choice, WebReach reach) {
        DockerContainerEngine docker = DockerContainerEngine.connect(reach);
        if (choice.kind() == EngineChoice.Kind.DOCKER) return docker;
        ContainerEngine swarm = SwarmContainerEngine.connect(docker.client(), docker, choice.registry());
        LOG.info("containers run on the swarm this engine manages; images go through the registry {}", choice.registry());
        return swarm;
    }

    @Override
    public void close() {
        api.endStreams(STREAMS_END);
        app.stop();
        supervisor.close();
        deployer.close();
        if (router != null) {
            router.close();
        }
        services.close();
        store.close();
    }
}
