package dev.slipway.deploy;

import dev.slipway.build.drift.DriftDetector;
import dev.slipway.build.drift.DriftOptions;
import dev.slipway.build.drift.DriftReport;
import dev.slipway.build.drift.SourceFiles;
import dev.slipway.engine.ContainerEngine;
import dev.slipway.project.BuildKind;
import dev.slipway.project.BuildRecord;
import dev.slipway.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * After a build: when the project built the same commit before and that image is still here, say
 * whether (and where, and why) the new image differs from it. A no-cache build is expected to pick up
 * new dependency versions; this makes the change visible. It never fails the deployment.
 */
final class DriftCheck {
    /** How many earlier records are looked through for the same commit. */
    static final int LOOK_BACK = 100;

    private final ContainerEngine engine;
    private final Store store;

    DriftCheck(ContainerEngine engine, Store store) {
        this.engine = engine;
        this.store = store;
    }

    void afterBuild(DeploymentContext context, BuildRecord built, Path dockerfile) {
        Optional<BuildRecord> earlier = store.builds().ofProject(built.project(), null, LOOK_BACK).stream()
                .filter(b -> b.id() != built.id() && b.kind() == BuildKind.BUILT && b.prunedAt() == null)
                .filter(b -> built.commit() != null && built.commit().equals(b.commit()))
                .filter(b -> engine.imageExists(b.image()))
                .findFirst();
        if (earlier.isEmpty()) return;
        BuildRecord before = earlier.get();
        context.log().line("comparing with build " + before.id() + " of the same commit (deployment " + before.deploymentId() + ", " + before.image() + ")");
        try {
            DriftReport report = new DriftDetector(engine, DriftOptions.DEFAULTS)
                    .compare(before.image(), built.image(), Files.readString(dockerfile), SourceFiles.directory(context.workspace));
            report.lines().forEach(line -> context.log().line("drift: " + line));
            store.builds().recordDrift(built.id(), before.id(), report.lines());
        } catch (Exception e) {
            context.log().line("drift report not made: " + Pipeline.reason(e));
        }
    }
}
