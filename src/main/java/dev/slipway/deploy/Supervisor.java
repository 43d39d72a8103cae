package dev.slipway.deploy;

import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.ContainerState;
import dev.slipway.engine.EngineException;
import dev.slipway.engine.NoSuchContainerException;
import dev.slipway.project.Environment;
import dev.slipway.project.Project;
import dev.slipway.project.ProjectConfig;
import dev.slipway.project.Release;
import dev.slipway.router.Upstream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every current release running between deployments, as Heroku's dyno manager and Docker's
 * {@code on-failure} policy do: each {@link #interval} it looks at the web and process containers of every
 * environment that is not deploying; one that stopped (crashed, out of memory, killed) is started again
 * after a backoff of 1, 2, 4 … 60 s, and the environment is {@code degraded}, with the reason, until every
 * container runs again and every web container answers its health path. A web container that stopped
 * leaves the router's upstreams at once; one that runs but refuses its health path (or answers 4xx/5xx)
 * three checks in a row leaves them too, unless it is the last one that runs; a slow answer is not held
 * against it. It comes back once it answers. The checks run in the environment's deployment queue, so they never overlap a
 * deployment; what they find lives in memory (a restarted server starts again from what it sees).
 */
public final class Supervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    static final int FAILED_PROBES_TO_UNROUTE = 3;
    /** How the checks name themselves to the app, so that its logs (and tests) can tell them from traffic. */
    public static final String USER_AGENT = "Slipway-Supervisor";

    /** One container that does not run as its release wants; {@code restarts}: how often it was started again. */
    public record Problem(String container, String process, String reason, Instant since, int restarts) {}

    /** {@code restarts}: the containers of the current release started again since it went live, by container name. */
    public record Condition(String state, List<Problem> problems, Map<String, Integer> restarts) {
        public static final Condition HEALTHY = new Condition("healthy", List.of(), Map.of());

        public boolean healthy() {
            return problems.isEmpty();
        }
    }

    /** What the supervisor remembers of one container of a release. */
    private static final class Watched {
        String name;
        int restarts;
        int failedProbes;
        /** Where it serves while it runs, answering or not; null when it does not run. */
        Upstream runningAt;
        Instant nextStart = Instant.MIN;
        Problem problem;
    }

    private final DeployTools tools;
    private final Deployer deployer;
    private final Duration interval;
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(PROBE_TIMEOUT)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    /** By environment key, then by container id; an entry of an older release is dropped when a new one goes live. */
    private final Map<String, Map<String, Watched>> watched = new ConcurrentHashMap<>();
    private final Map<String, Long> releaseOf = new ConcurrentHashMap<>();
    private final java.util.Set<String> checking = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("supervisor").daemon().factory());

    public Supervisor(DeployTools tools, Deployer deployer, Duration interval) {
        this.tools = tools;
        this.deployer = deployer;
        this.interval = interval;
    }

    public Supervisor start() {
        timer.scheduleWithFixedDelay(this::checkAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** The environment's condition as last seen: healthy, or degraded with what does not run. */
    public Condition condition(String project, String environment) {
        Map<String, Watched> containers = watched.get(project + "/" + environment);
        if (containers == null) return Condition.HEALTHY;
        List<Problem> problems = new ArrayList<>();
        Map<String, Integer> restarts = new java.util.TreeMap<>();
        for (Watched w : containers.values()) {
            if (w.problem != null) problems.add(w.problem);
            if (w.restarts > 0) restarts.put(w.name, w.restarts);
        }
        return new Condition(problems.isEmpty() ? "healthy" : "degraded", List.copyOf(problems), Map.copyOf(restarts));
    }

    private void checkAll() {
        try {
            for (Project p : tools.store().projects()) {
                for (Environment e : tools.store().environments(p.name())) {
                    String key = p.name() + "/" + e.name();
                    // A check still waiting in its queue (behind a slow one) is not asked for twice.
                    if (checking.add(key) && !deployer.whenIdle(p.name(), e.name(), () -> {
                        try {
                            check(p.name(), e.name());
                        } finally {
                            checking.remove(key);
                        }
                    })) {
                        checking.remove(key);
                    }
                }
            }
        } catch (RuntimeException e) {
            // The store may be down for a while: the next round tries again.
            LOG.warn("supervisor round failed: {}", e.getMessage());
        }
    }

    /** One look at an environment's current release; runs in the environment's queue. */
    void check(String project, String environment) {
        String key = project + "/" + environment;
        Release release = tools.store().currentRelease(project, environment).orElse(null);
        if (release == null) {
            watched.remove(key);
            releaseOf.remove(key);
            return;
        }
        if (!Objects.equals(releaseOf.put(key, release.id()), release.id())) {
            watched.put(key, new ConcurrentHashMap<>());
        }
        Map<String, Watched> containers = watched.get(key);
        ContainerEngine engine = tools.engine();
        ProjectConfig.Health health = Snapshots.config(release).web().health();
        List<Upstream> upstreams = new ArrayList<>();
        for (String id : release.webContainers()) {
            Upstream serving = keepRunning(engine, containers.computeIfAbsent(id, k -> new Watched()), id, "web", health);
            if (serving != null) upstreams.add(serving);
        }
        if (upstreams.isEmpty()) {
            // Every web container that runs fails its health path: taking them all out would only turn slow or
            // failing answers into none. They stay routed (the environment is degraded) until one answers again.
            for (String id : release.webContainers()) {
                Upstream running = containers.get(id).runningAt;
                if (running != null) upstreams.add(running);
            }
        }
        for (String id : release.processContainers()) {
            keepRunning(engine, containers.computeIfAbsent(id, k -> new Watched()), id, "process", null);
        }
        if (!upstreams.equals(tools.routes().upstreams(project, environment))) {
            LOG.info("{}: routing to {} (was {})", key, upstreams, tools.routes().upstreams(project, environment));
            tools.routes().switchTo(project, environment, upstreams);
        }
    }

    /** Starts the container again when it stopped and its backoff is over; returns where it serves when it is a web container that answers. */
    private Upstream keepRunning(ContainerEngine engine, Watched w, String id, String role, ProjectConfig.Health health) {
        ContainerState state;
        try {
            state = engine.inspect(id);
        } catch (NoSuchContainerException e) {
            w.problem = problem(w, id, role, "is gone (removed outside Slipway); deploy again to replace it");
            return null;
        } catch (EngineException e) {
            w.problem = problem(w, id, role, "cannot be inspected: " + e.getMessage());
            return null;
        }
        w.name = state.name();
        w.runningAt = null;
        String process = role.equals("web") ? "web" : state.labels().getOrDefault(Labels.ROLE, role).replace(Labels.ROLE_PROCESS_PREFIX, "");
        if (!state.running()) {
            Instant now = tools.clock().instant();
            if (!now.isBefore(w.nextStart)) {
                try {
                    engine.start(id);
                    w.restarts++;
                    w.nextStart = now.plus(backoff(w.restarts));
                    LOG.info("{} {} {}: started it again (restart {}, next at the earliest in {} s)", process, state.name(), state.describe(),
                            w.restarts, backoff(w.restarts).toSeconds());
                } catch (EngineException e) {
                    LOG.warn("{} {} could not be started again: {}", process, state.name(), e.getMessage());
                }
            }
            w.problem = problem(w, state.name(), process, state.describe());
            return null;
        }
        if (health == null) {
            w.problem = null;
            return null;
        }
        if (state.web() == null) {
            w.problem = problem(w, state.name(), process, "publishes no port");
            return null;
        }
        Upstream upstream = Containers.upstream(state.web());
        w.runningAt = upstream;
        Probe probe = probe(upstream, health.path());
        if (probe.failure() == null) {
            w.failedProbes = 0;
            w.problem = null;
            return upstream;
        }
        // A slow answer under load says the app is there and busy (not counted); one failed check is no verdict either.
        if (probe.slow() || ++w.failedProbes < FAILED_PROBES_TO_UNROUTE) {
            return w.problem == null ? upstream : null;
        }
        w.problem = problem(w, state.name(), process, "runs but does not answer " + health.path() + " (" + probe.failure() + ", "
                + w.failedProbes + " checks in a row)");
        return null;
    }

    /** What is wrong with the container now; since when is kept from the problem it already had. */
    private Problem problem(Watched w, String container, String process, String reason) {
        return new Problem(container, process, reason, w.problem != null ? w.problem.since() : tools.clock().instant(), w.restarts);
    }

    /** {@code failure} null: {@code path} answered 2xx/3xx; {@code slow}: it was connected to but did not answer in time. */
    private record Probe(String failure, boolean slow) {}

    private Probe probe(Upstream upstream, String path) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("http://" + upstream + path)).timeout(PROBE_TIMEOUT)
                            .header("User-Agent", USER_AGENT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return new Probe(response.statusCode() < 400 ? null : "HTTP " + response.statusCode(), false);
        } catch (java.net.http.HttpConnectTimeoutException e) {
            return new Probe("no connection within " + PROBE_TIMEOUT.toSeconds() + " s", false);
        } catch (java.net.http.HttpTimeoutException e) {
            return new Probe("no answer within " + PROBE_TIMEOUT.toSeconds() + " s", true);
        } catch (IOException e) {
            return new Probe(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe("interrupted", false);
        }
    }

    /** 1 s after the first restart, doubling, at most {@link #MAX_BACKOFF}. */
    static Duration backoff(int restarts) {
        long seconds = 1L << Math.min(Math.max(restarts - 1, 0), 6);
        return Duration.ofSeconds(Math.min(seconds, MAX_BACKOFF.toSeconds()));
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
