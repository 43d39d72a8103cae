package dev.slipway.deploy;

import dev.slipway.project.Deployment;
import dev.slipway.project.Numbering;
import dev.slipway.project.Release;
import dev.slipway.store.Store;

/**
 * The first step of a rollback: take the image, commit and config of the release it goes back to, and
 * record the re-use of that release's build. It adds nothing to the engine, so it has nothing to undo;
 * the build record stays, as a failed deployment's does.
 */
final class RestoreRelease implements Step {
    private final Store store;

    RestoreRelease(Store store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "restore";
    }

    @Override
    public void run(DeploymentContext context) {
        long id = context.deployment().id();
        long releaseId = context.deployment().rollbackOf();
        Release target = store.release(releaseId)
                .orElseThrow(() -> new StepFailedException("release " + releaseId + " to roll back to no longer exists"));
        context.image = target.image();
        context.commit = target.commit();
        context.config = Snapshots.config(target);
        store.setCommit(id, target.commit());
        Build.recordRollback(store, context, target);
        Long targetRollbackOf = store.deployment(target.deploymentId()).map(Deployment::rollbackOf).orElse(null);
        context.log().line("deployment " + id + " rolls back to " + Numbering.release(target.id(), targetRollbackOf, target.commit())
                + ", image " + target.image() + "; when it succeeds, it makes release " + id);
    }
}
