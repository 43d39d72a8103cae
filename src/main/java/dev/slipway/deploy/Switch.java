package dev.slipway.deploy;

import dev.slipway.project.Release;
import dev.slipway.router.Routes;
import dev.slipway.router.Upstream;
import dev.slipway.store.Store;
import java.time.Clock;
import java.util.List;

/** Step 8: point the environment's route at the new web containers at once, and make the release current. */
public final class Switch implements Step {
    private final Routes routes;
    private final Store store;
    private final Clock clock;

    public Switch(Routes routes, Store store, Clock clock) {
        this.routes = routes;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "switch";
    }

    @Override
    public void run(DeploymentContext context) {
        String project = context.project().name();
        String environment = context.environment().name();
        List<Upstream> before = routes.upstreams(project, environment);
        context.previousUpstreams = before;
        routes.switchTo(project, environment, List.copyOf(context.upstreams));
        context.switched = true;
        context.release = store.createRelease(new Release(context.deployment().id(), project, environment, context.deployment().id(),
                context.image, context.commit, Snapshots.yaml(context.config), context.webContainers(), context.processContainers(), clock.instant()));
        context.log().line("routed " + environment + "." + project + " to " + context.upstreams + (before.isEmpty() ? "" : " (was " + before + ")"));
    }

    @Override
    public void undo(DeploymentContext context) {
        if (context.switched) {
            routes.switchTo(context.project().name(), context.environment().name(), context.previousUpstreams);
        }
    }
}
