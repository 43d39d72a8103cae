package dev.slipway.deploy;

import java.util.List;

/** The two pipelines, each readable top to bottom as the runbook of DESIGN section 2. */
final class Pipelines {
    private Pipelines() {}

    static Pipeline deploy(DeployTools t, DeployOptions o) {
        return new Pipeline(List.of(
                new CheckServices(t.services()),
                new Checkout(t.git(), t.workspaces(), t.store()),
                new Build(t.engine(), t.store(), o.pullBaseImage(), t.clock()),
                new Start(t.engine(), t.services(), t.variables()),
                new Migrate(t.engine(), o.migrateTimeout()),
                new StartProcesses(t.engine(), o.processCheckWindow()),
                new AwaitHealthy(t.engine()),
                new Switch(t.routes(), t.store(), t.clock())),
                afterSwitch(t, o),
                t.store(), t.clock());
    }

    /** A rollback takes an earlier release's image, commit and config, then runs steps 1 and 4–9: no checkout, no build. */
    static Pipeline rollback(DeployTools t, DeployOptions o) {
        return new Pipeline(List.of(
                new RestoreRelease(t.store()),
                new CheckServices(t.services()),
                new Start(t.engine(), t.services(), t.variables()),
                new Migrate(t.engine(), o.migrateTimeout()),
                new StartProcesses(t.engine(), o.processCheckWindow()),
                new AwaitHealthy(t.engine()),
                new Switch(t.routes(), t.store(), t.clock())),
                afterSwitch(t, o),
                t.store(), t.clock());
    }

    /** Once the new release is live: retire the old one, then prune images no kept release needs. */
    private static List<Step> afterSwitch(DeployTools t, DeployOptions o) {
        return List.of(new Retire(t.engine(), t.routes()), new PruneImages(t.engine(), t.store(), o.keepReleases(), t.clock()));
    }
}
