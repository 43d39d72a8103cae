package dev.slipway.deploy;

import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.EngineException;
import dev.slipway.project.Release;
import dev.slipway.router.Routes;
import dev.slipway.router.Upstream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Step 9: once the new release is routed, wait for the old web containers' in-flight requests to end
 * (at most {@code drain_timeout}), then stop and remove the old release's containers. Removal is
 * retried; what still fails is logged and left to the next start's reconciliation.
 */
public final class Retire implements Step {
    private static final int ATTEMPTS = 3;

    private final ContainerEngine engine;
    private final Routes routes;

    public Retire(ContainerEngine engine, Routes routes) {
        this.engine = engine;
        this.routes = routes;
    }

    @Override
    public String name() {
        return "retire";
    }

    @Override
    public void run(DeploymentContext context) throws InterruptedException {
        Release old = context.previous().orElse(null);
        if (old == null) {
            context.log().line("no earlier release to retire");
            return;
        }
        List<Upstream> oldUpstreams = context.previousUpstreams == null ? List.of() : context.previousUpstreams;
        Duration drainTimeout = Snapshots.config(old).web().drainTimeout();
        boolean drained = routes.drain(oldUpstreams, drainTimeout);
        context.log().line(drained ? "old release " + old.id() + " drained" : "old release " + old.id() + " still had requests in flight after " + drainTimeout.toSeconds() + " s; stopping it");
        List<String> containers = new ArrayList<>(old.webContainers());
        containers.addAll(old.processContainers());
        List<String> failed = stopAndRemove(containers);
        if (!failed.isEmpty()) {
            throw new StepFailedException("could not remove " + failed.size() + " container(s) of release " + old.id() + ": " + failed);
        }
        context.log().line("stopped and removed " + containers.size() + " container(s) of release " + old.id());
    }

    /**
     * Stops and removes every container at once, one virtual thread each, so that containers which
     * ignore SIGTERM cost one grace period together, not one each. Returns those that could not be removed.
     */
    List<String> stopAndRemove(List<String> containers) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<String> failed = java.util.Collections.synchronizedList(new ArrayList<>());
        for (String id : containers) {
            threads.add(Thread.ofVirtual().name("retire-" + id).start(() -> {
                try {
                    if (!retireOne(id)) failed.add(id);
                } catch (InterruptedException e) {
                    failed.add(id);
                }
            }));
        }
        try {
            for (Thread thread : threads) thread.join();
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt);
            throw e;
        }
        List<String> inOrder = new ArrayList<>(containers);
        inOrder.retainAll(failed);
        return inOrder;
    }

    private boolean retireOne(String id) throws InterruptedException {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                engine.stop(id, Containers.STOP_TIMEOUT);
                engine.remove(id);
                return true;
            } catch (EngineException e) {
                Thread.sleep(500L * attempt);
            }
        }
        return false;
    }
}
