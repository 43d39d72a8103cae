package dev.slipway.deploy;

import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.ContainerState;
import dev.slipway.engine.EngineException;
import dev.slipway.project.Deployment;
import dev.slipway.project.DeploymentStatus;
import dev.slipway.project.Environment;
import dev.slipway.project.Project;
import dev.slipway.project.Release;
import dev.slipway.router.Upstream;
import dev.slipway.store.Store;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs once when the server starts, before it accepts deployments: a deployment that was running when
 * the server died is marked {@code interrupted} (or {@code succeeded} when its switch had completed),
 * every container of this server that belongs to no current release is removed (found by labels), so
 * is every network of an environment without one, and every environment is routed to its current
 * release again.
 */
public final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final DeployTools tools;

    public Recovery(DeployTools tools) {
        this.tools = tools;
    }

    public void run() {
        Store store = tools.store();
        List<Deployment> interrupted = new ArrayList<>();
        for (Deployment d : store.deploymentsIn(DeploymentStatus.RUNNING, DeploymentStatus.QUEUED)) {
            boolean switched = store.currentRelease(d.project(), d.environment()).map(r -> r.deploymentId() == d.id()).orElse(false);
            String reason = d.status() == DeploymentStatus.QUEUED ? "the server stopped before it started"
                    : "the server stopped during the deployment; what it had added was removed";
            if (switched) {
                store.finish(d.id(), DeploymentStatus.SUCCEEDED, null, null, tools.clock().instant());
            } else {
                String step = store.steps(d.id()).stream().filter(s -> s.finishedAt() == null).map(s -> s.name()).findFirst().orElse(null);
                store.finish(d.id(), DeploymentStatus.INTERRUPTED, step, reason, tools.clock().instant());
                store.appendLog(d.id(), tools.clock().instant(), step == null ? "" : step, "interrupted: " + reason);
                store.appendLog(d.id(), tools.clock().instant(), step == null ? "" : step,
                        Pipeline.stillServing(store, store.currentRelease(d.project(), d.environment())));
                interrupted.add(d);
            }
            LOG.info("deployment {} of {}/{} was {} when the server stopped: now {}", d.id(), d.project(), d.environment(),
                    d.status().label(), switched ? "succeeded" : "interrupted");
        }
        Set<String> keep = new HashSet<>();
        Set<String> keepNetworks = new HashSet<>();
        List<Release> current = new ArrayList<>();
        for (Project p : store.projects()) {
            for (Environment e : store.environments(p.name())) {
                tools.routes().declare(p.name(), e.name());
                store.currentRelease(p.name(), e.name()).ifPresent(r -> {
                    current.add(r);
                    keepNetworks.add(Containers.network(p.name(), e.name(), tools.instanceId()));
                    keep.addAll(r.webContainers());
                    keep.addAll(r.processContainers());
                });
            }
        }
        removeOrphans(keep);
        removeUnusedNetworks(keepNetworks);
        for (Deployment d : interrupted) {
            // An image built for a deployment that never went live is needed by no release.
            if (d.rollbackOf() == null) {
                tools.engine().removeImage(Build.tag(d.project(), d.environment(), d.id(), tools.instanceId()));
            }
        }
        current.forEach(this::routeAgain);
    }

    private void removeOrphans(Set<String> keep) {
        ContainerEngine engine = tools.engine();
        for (ContainerState c : engine.list(Map.of(Labels.INSTANCE, tools.instanceId()))) {
            if (!keep.contains(c.id())) {
                LOG.info("removing {} ({}) left by deployment {}", c.name(), c.labels().get(Labels.ROLE), c.labels().get(Labels.DEPLOYMENT));
                engine.remove(c.id());
            }
        }
    }

    /** Networks of environments with no current release (or no longer known) hold nothing worth keeping. */
    private void removeUnusedNetworks(Set<String> keep) {
        for (String network : tools.engine().networks(Map.of(Labels.INSTANCE, tools.instanceId()))) {
            if (!keep.contains(network) && tools.engine().removeNetwork(network)) {
                LOG.info("removed network {}: no current release uses it", network);
            }
        }
    }

    private void routeAgain(Release release) {
        ContainerEngine engine = tools.engine();
        List<Upstream> upstreams = new ArrayList<>();
        for (String id : release.webContainers()) {
            try {
                ContainerState state = engine.inspect(id);
                if (!state.running()) {
                    engine.start(id);
                    state = engine.inspect(id);
                }
                if (state.web() != null) {
                    upstreams.add(Containers.upstream(state.web()));
                }
            } catch (EngineException e) {
                LOG.warn("web container {} of release {} ({}/{}) cannot be routed: {}", id, release.id(), release.project(), release.environment(), e.getMessage());
            }
        }
        tools.routes().switchTo(release.project(), release.environment(), upstreams);
    }
}
