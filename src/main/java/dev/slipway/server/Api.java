package dev.slipway.server;

import dev.slipway.build.GitCheckout;
import dev.slipway.build.RefNames;
import dev.slipway.build.RepoRoots;
import dev.slipway.deploy.Deployer;
import dev.slipway.deploy.Supervisor;
import dev.slipway.project.Deployment;
import dev.slipway.project.DeploymentStatus;
import dev.slipway.project.Environment;
import dev.slipway.project.InvalidInputException;
import dev.slipway.project.LogLine;
import dev.slipway.project.Names;
import dev.slipway.project.NotFoundException;
import dev.slipway.project.Numbering;
import dev.slipway.project.Project;
import dev.slipway.project.Release;
import dev.slipway.router.Routes;
import dev.slipway.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The REST API under /api/v1 (DESIGN section 8). */
final class Api {
    static final String PREFIX = "/api/v1";

    private final Store store;
    private final Deployer deployer;
    private final Routes routes;
    private final String baseDomain;
    private final int routerPort;
    private final Clock clock;
    private final GitCheckout git;
    private final RepoRoots repoRoots;
    /** Log streams being sent, and whether the server is stopping (they end when it does). */
    private final AtomicInteger streams = new AtomicInteger();
    private volatile boolean stopping;

    private final Supervisor supervisor;
    Api(Store store, Deployer deployer, Supervisor supervisor, Routes routes, GitCheckout git, RepoRoots repoRoots, String baseDomain, int routerPort, Clock clock) {
        this.supervisor = supervisor;
        this.git = git;
        this.repoRoots = repoRoots;
        this.store = store;
        this.deployer = deployer;
        this.routes = routes;
        this.baseDomain = baseDomain;
        this.routerPort = routerPort;
        this.clock = clock;
    }

    void register(RoutesConfig r) {
        r.get(PREFIX + "/projects", ctx -> ctx.json(store.projects().stream().map(this::view).toList()));
        r.post(PREFIX + "/projects", this::createProject);
        r.get(PREFIX + "/projects/{project}", ctx -> ctx.json(view(project(ctx))));
        r.post(PREFIX + "/projects/{project}/environments", this::createEnvironment);
        r.post(PREFIX + "/projects/{project}/environments/{env}/deployments", this::deploy);
        r.post(PREFIX + "/projects/{project}/environments/{env}/rollback", this::rollback);
        r.get(PREFIX + "/projects/{project}/environments/{env}/releases", ctx -> {
            Environment env = environment(ctx);
            ctx.json(store.releases(env.project(), env.name(), 50).stream().map(this::view).toList());
        });
        r.get(PREFIX + "/projects/{project}/deployments", ctx -> {
            Project p = project(ctx);
            String env = ctx.queryParam("environment");
            if (env != null) environment(p.name(), env);
            ctx.json(store.deployments(p.name(), env, limit(ctx)));
        });
        r.get(PREFIX + "/deployments/{id}", ctx -> {
            Deployment d = deployment(ctx);
            ctx.json(new Views.DeploymentView(d, store.steps(d.id()), BuildsApi.BuildView.of(store.builds().ofDeployment(d.id()).orElse(null)),
                    stillServing(d)));
        });
        r.post(PREFIX + "/deployments/{id}/cancel", ctx -> ctx.json(deployer.cancel(deployment(ctx).id())));
        r.get(PREFIX + "/deployments/{id}/log", ctx -> {
            Deployment d = deployment(ctx);
            long after = longParam(ctx, "after", 0);
            ctx.json(new Views.LogView(d.id(), store.log(d.id(), after), d.status().label()));
        });
        // Checked before the stream starts: once it has, the answer is a 200 and its errors cannot be told.
        r.before(PREFIX + "/deployments/{id}/events", this::deployment);
        r.sse(PREFIX + "/deployments/{id}/events", this::stream);
    }

    private void createProject(Context ctx) {
        Views.CreateProject body = body(ctx, Views.CreateProject.class);
        Names.require("name", body.name());
        if (body.repo() == null || body.repo().isBlank()) {
            throw new InvalidInputException("repo", "a repository URL is required");
        }
        if (body.mirrorOf() != null && store.project(body.mirrorOf()).isEmpty()) {
            throw new InvalidInputException("mirror_of", "project '" + body.mirrorOf() + "' does not exist");
        }
        if (store.project(body.name()).isPresent()) {
            throw new InvalidInputException("name", "project '" + body.name() + "' already exists");
        }
        repoRoots.require(body.repo());
        git.requireReadable(body.repo());
        Project project = new Project(body.name(), body.repo().trim(), body.mirrorOf(), clock.instant());
        store.createProject(project, Environment.DEFAULT_NAMES.stream().map(n -> new Environment(project.name(), n, null)).toList());
        Environment.DEFAULT_NAMES.forEach(n -> routes.declare(project.name(), n));
        ctx.status(201).json(view(project));
    }

    private void createEnvironment(Context ctx) {
        Project p = project(ctx);
        Views.CreateEnvironment body = body(ctx, Views.CreateEnvironment.class);
        Names.require("name", body.name());
        RefNames.require("branch", body.branch());
        if (body.branch() != null && !body.branch().isBlank()) git.requireBranch(p.repoUrl(), body.branch());
        Environment env = new Environment(p.name(), body.name(), body.branch());
        store.createEnvironment(env);
        routes.declare(p.name(), env.name());
        ctx.status(201).json(view(p));
    }

    private void deploy(Context ctx) {
        Environment env = environment(ctx);
        Views.DeployRequest body = ctx.body().isBlank() ? new Views.DeployRequest(null, false, false) : body(ctx, Views.DeployRequest.class);
        Deployment d = deployer.deploy(env.project(), env.name(), blankToNull(body.ref()), Boolean.TRUE.equals(body.rebuild()), Boolean.TRUE.equals(body.noQueue()));
        ctx.status(202).json(d);
    }

    private void rollback(Context ctx) {
        Environment env = environment(ctx);
        Views.RollbackRequest body = ctx.body().isBlank() ? new Views.RollbackRequest(null, false) : body(ctx, Views.RollbackRequest.class);
        ctx.status(202).json(deployer.rollback(env.project(), env.name(), body.release(), Boolean.TRUE.equals(body.noQueue())));
    }

    /** Sends every log line as a "log" event, then one "status" event when the deployment has finished. */
    private void stream(SseClient client) {
        client.keepAlive();
        Deployment d = deployment(client.ctx());
        long after = longParam(client.ctx(), "after", 0);
        streams.incrementAndGet();
        try {
            while (!client.terminated() && !stopping) {
                // Status before lines: once a finished status is read, every line is already stored,
                // so one read of the log that finds nothing new means the stream is complete.
                Deployment now = store.deployment(d.id()).orElseThrow();
                List<LogLine> lines = store.log(d.id(), after);
                for (LogLine line : lines) {
                    client.sendEvent("log", Json.MAPPER.writeValueAsString(line), Long.toString(line.seq()));
                    after = line.seq();
                }
                if (now.status().isFinished() && lines.isEmpty()) {
                    client.sendEvent("status", Json.MAPPER.writeValueAsString(now));
                    break;
                }
                if (lines.isEmpty()) Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // The client went away; nothing to tell it.
        } finally {
            client.close();
            streams.decrementAndGet();
        }
    }

    /**
     * Ends the log streams before the web server stops, so that none writes to a request the server has
     * already let go of. A client whose stream ends without a "status" event asks for the rest later.
     */
    void endStreams(Duration wait) {
        stopping = true;
        long deadline = System.nanoTime() + wait.toNanos();
        while (streams.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Views.ProjectView view(Project p) {
        List<Views.EnvironmentView> envs = store.environments(p.name()).stream()
                .map(e -> new Views.EnvironmentView(e.name(), e.branch(),
                        "http://" + e.name() + "." + p.name() + "." + baseDomain + (routerPort == 80 ? "" : ":" + routerPort) + "/",
                        deployer.busy(p.name(), e.name()),
                        view(store.currentRelease(p.name(), e.name()).orElse(null)),
                        store.deployments(p.name(), e.name(), 1).stream().findFirst().orElse(null),
                        supervisor.condition(p.name(), e.name())))
                .toList();
        return Views.ProjectView.of(p, envs);
    }

    private Views.ReleaseView view(Release r) {
        return r == null ? null : Views.ReleaseView.of(r, rollbackOf(r));
    }

    private Long rollbackOf(Release r) {
        return store.deployment(r.deploymentId()).map(Deployment::rollbackOf).orElse(null);
    }

    /**
     * For a deployment that ended without succeeding: the release that was current when it ended (one
     * deployment at a time per environment, so the newest release made before that moment), as the
     * deployment's last log line said it.
     */
    private String stillServing(Deployment d) {
        if (d.finishedAt() == null || d.status() == DeploymentStatus.SUCCEEDED) return null;
        for (Release r : store.releases(d.project(), d.environment(), 1000)) {
            if (r.deploymentId() != d.id() && !r.createdAt().isAfter(d.finishedAt())) {
                return Numbering.stillServing(r.id(), rollbackOf(r), r.commit());
            }
        }
        return Numbering.NOTHING_SERVING;
    }

    private Project project(Context ctx) {
        String name = ctx.pathParam("project");
        return store.project(name).orElseThrow(() -> new NotFoundException("project '" + name + "' not found"));
    }

    private Environment environment(Context ctx) {
        return environment(project(ctx).name(), ctx.pathParam("env"));
    }

    private Environment environment(String project, String name) {
        return store.environment(project, name)
                .orElseThrow(() -> new NotFoundException("environment '" + name + "' of project '" + project + "' not found"));
    }

    private Deployment deployment(Context ctx) {
        long id = longPath(ctx, "id");
        return store.deployment(id).orElseThrow(() -> new NotFoundException("deployment " + id + " not found"));
    }

    private static <T> T body(Context ctx, Class<T> type) {
        try {
            T value = Json.MAPPER.readValue(ctx.body(), type);
            if (value == null) throw new InvalidInputException("body", "a JSON object is required");
            return value;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInputException("body", "request body is not valid: " + e.getOriginalMessage());
        }
    }

    private static long longPath(Context ctx, String name) {
        try {
            return Long.parseLong(ctx.pathParam(name));
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, "'" + ctx.pathParam(name) + "' is not a number");
        }
    }

    private static long longParam(Context ctx, String name, long fallback) {
        String value = ctx.queryParam(name);
        if (value == null) return fallback;
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, "'" + value + "' is not a number");
        }
    }

    private static int limit(Context ctx) {
        long limit = longParam(ctx, "limit", 50);
        if (limit < 1 || limit > 1000) throw new InvalidInputException("limit", "limit must be between 1 and 1000");
        return (int) limit;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
