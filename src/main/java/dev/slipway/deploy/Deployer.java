package dev.slipway.deploy;

import dev.slipway.build.GitCheckout;
import dev.slipway.build.RefNames;
import dev.slipway.project.Deployment;
import dev.slipway.project.DeploymentStatus;
import dev.slipway.project.Environment;
import dev.slipway.project.InvalidInputException;
import dev.slipway.project.NotFoundException;
import dev.slipway.project.Project;
import dev.slipway.project.Release;
import dev.slipway.store.Store;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts deployments and runs them: one at a time per environment, in the order they were asked
 * for (a single-thread queue per environment), different environments in parallel.
 */
public final class Deployer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Deployer.class);
    static final String CANCELLED_REASON = "it was cancelled while queued, so nothing of it ran";
    /** How long a cancel waits for a running deployment's undo; past it, the answer says it is still running. */
    static final java.time.Duration CANCEL_WAIT = java.time.Duration.ofSeconds(30);

    private final DeployTools tools;
    private final DeployOptions options;
    private final Map<String, ExecutorService> queues = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> pending = new ConcurrentHashMap<>();
    /** The deployments running now, by id, for a cancel to reach. */
    private final Map<Long, DeploymentContext> running = new ConcurrentHashMap<>();

    public Deployer(DeployTools tools, DeployOptions options) {
        this.tools = tools;
        this.options = options;
    }

    /**
     * Queues a deployment of {@code ref} (null: the environment's branch) and returns it; a ref the repository
     * does not have is refused before anything is recorded (UnknownRefException).
     */
    public Deployment deploy(String project, String environment, String ref, boolean rebuild, boolean noQueue) {
        Project p = project(project);
        Environment env = environment(p, environment);
        RefNames.require("ref", ref);
        // Outside the queue's lock: the listing may take up to its timeout, and other environments must not wait for it.
        tools.git().requireRef(p.repoUrl(), ref, GitCheckout.REF_CHECK_TIMEOUT);
        return enqueue(p, env, ref, rebuild, null, noQueue);
    }

    /** Re-deploys an earlier release's image (no checkout, no build); {@code releaseId} null: the one before the current. */
    public Deployment rollback(String project, String environment, Long releaseId, boolean noQueue) {
        Project p = project(project);
        Environment env = environment(p, environment);
        Release target = releaseId != null
                ? tools.store().release(releaseId).filter(r -> r.project().equals(project) && r.environment().equals(environment))
                        .orElseThrow(() -> new NotFoundException("release " + releaseId + " of " + project + "/" + environment + " not found"))
                : previousRelease(project, environment);
        if (!tools.engine().imageExists(target.image())) {
            throw new InvalidInputException("release", "the image of release " + target.id() + " (" + target.image() + ") no longer exists; deploy commit " + target.commit() + " instead");
        }
        return enqueue(p, env, target.commit(), false, target.id(), noQueue);
    }

    /**
     * Cancels a deployment. One that waits in its environment's queue ends {@code cancelled} and nothing of it
     * runs. One that runs stops in its current step and is undone as a failed step is (the release serving goes
     * on serving), then ends {@code cancelled}; this waits up to {@link #CANCEL_WAIT} for that and returns the
     * deployment as it is then. Refused once the deployment has begun its switch, and once it has ended.
     */
    public Deployment cancel(long id) {
        Store store = tools.store();
        store.deployment(id).orElseThrow(() -> new NotFoundException("deployment " + id + " not found"));
        if (store.cancel(id, CANCELLED_REASON, tools.clock().instant())) {
            store.appendLog(id, tools.clock().instant(), "", "cancelled: " + CANCELLED_REASON);
            return store.deployment(id).orElseThrow();
        }
        DeploymentContext context = running.get(id);
        if (context != null && context.cancellation.request()) {
            return awaitEnd(id);
        }
        Deployment now = store.deployment(id).orElseThrow();
        if (!now.status().isFinished()) {
            throw new BusyException("deployment " + id + " is already ending (switching to its new release, or undoing a failed step); it can no longer be cancelled");
        }
        throw new BusyException("deployment " + id + " has already ended (" + now.status().label() + "); there is nothing to cancel");
    }

    private Deployment awaitEnd(long id) {
        long deadline = System.nanoTime() + CANCEL_WAIT.toNanos();
        Deployment now = tools.store().deployment(id).orElseThrow();
        while (!now.status().isFinished() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            now = tools.store().deployment(id).orElseThrow();
        }
        return now;
    }

    private Release previousRelease(String project, String environment) {
        List<Release> releases = tools.store().releases(project, environment, 2);
        if (releases.size() < 2) {
            throw new InvalidInputException("release", project + "/" + environment + " has no earlier release to roll back to");
        }
        return releases.get(1);
    }

    private synchronized Deployment enqueue(Project project, Environment env, String ref, boolean rebuild, Long rollbackOf, boolean noQueue) {
        AtomicInteger count = pending.computeIfAbsent(env.key(), k -> new AtomicInteger());
        if (noQueue && count.get() > 0) {
            throw new BusyException(env.key() + " is already deploying; try again when it is done, or allow queueing");
        }
        Deployment deployment = tools.store().createDeployment(project.name(), env.name(), ref, rebuild, rollbackOf);
        count.incrementAndGet();
        queue(env.key()).execute(() -> {
            try {
                run(deployment.id());
            } finally {
                count.decrementAndGet();
            }
        });
        return deployment;
    }

    /**
     * Runs {@code work} in the environment's deployment queue, for what replaces its data (a database
     * restore), which a migration must not run into: refused while a deployment runs or waits, and a
     * deployment asked for meanwhile waits for it, and deleting the environment is refused. Returns what {@code work} returns;
     * its unchecked exceptions pass as they are.
     */
    public <T> T exclusively(String project, String environment, Callable<T> work) {
        String key = project + "/" + environment;
        Future<T> done;
        synchronized (this) {
            AtomicInteger count = pending.computeIfAbsent(key, k -> new AtomicInteger());
            if (count.get() > 0) {
                throw new BusyException(key + " is deploying; try again when the deployment has finished");
            }
            count.incrementAndGet();
            done = queue(key).submit(() -> {
                try {
                    return work.call();
                } finally {
                    count.decrementAndGet();
                }
            });
        }
        try {
            return done.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for work on " + key, e);
        }
    }

    /**
     * Runs {@code work} in the environment's queue when nothing is deploying there, without waiting for
     * it; a deployment asked for meanwhile waits until it is done. Returns false (and runs nothing) while
     * the environment deploys. For the supervisor's checks, which must never overlap a deployment.
     */
    public synchronized boolean whenIdle(String project, String environment, Runnable work) {
        String key = project + "/" + environment;
        AtomicInteger count = pending.get(key);
        if (count != null && count.get() > 0) return false;
        queue(key).execute(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.warn("check of {} failed: {}", key, e.getMessage());
            }
        });
        return true;
    }

    private ExecutorService queue(String key) {
        return queues.computeIfAbsent(key, k -> Executors.newSingleThreadExecutor(Thread.ofPlatform().name("deploy-" + k).daemon().factory()));
    }

    private void run(long id) {
        Deployment deployment = tools.store().deployment(id).orElseThrow();
        if (deployment.status() != DeploymentStatus.QUEUED) {
            return;
        }
        Project project = tools.store().project(deployment.project()).orElseThrow();
        Environment env = tools.store().environment(deployment.project(), deployment.environment()).orElseThrow();
        Release previous = tools.store().currentRelease(deployment.project(), deployment.environment()).orElse(null);
        DeploymentLog log = new DeploymentLog(tools.store(), id, tools.clock(), new SecretMask(tools.variables().of(project.name(), env.name()).values()));
        DeploymentContext context = new DeploymentContext(deployment, project, env, previous, tools.instanceId(), log);
        running.put(id, context);
        try {
            Pipeline pipeline = deployment.rollbackOf() != null ? Pipelines.rollback(tools, options) : Pipelines.deploy(tools, options);
            pipeline.run(context);
        } catch (RuntimeException e) {
            // The pipeline records step failures itself; this is a bug or a lost store, never silent.
            tools.store().finish(id, DeploymentStatus.FAILED, null, log.masked(Pipeline.reason(e)), tools.clock().instant());
        } finally {
            running.remove(id);
            // A cancel that came after the pipeline's last look must not interrupt the next deployment of this queue.
            context.cancellation.close();
            Thread.interrupted();
            Checkout.deleteTree(context.workspace);
            log.trim();
        }
    }

    /** True while a deployment of the environment is running or queued. */
    public boolean busy(String project, String environment) {
        AtomicInteger count = pending.get(project + "/" + environment);
        return count != null && count.get() > 0;
    }

    private Project project(String name) {
        return tools.store().project(name).orElseThrow(() -> new NotFoundException("project '" + name + "' not found"));
    }

    private Environment environment(Project project, String name) {
        return tools.store().environment(project.name(), name)
                .orElseThrow(() -> new NotFoundException("environment '" + name + "' of project '" + project.name() + "' not found"));
    }

    @Override
    public void close() {
        queues.values().forEach(ExecutorService::shutdownNow);
        for (ExecutorService queue : queues.values()) {
            try {
                queue.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
