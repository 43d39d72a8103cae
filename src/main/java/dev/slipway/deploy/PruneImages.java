package dev.slipway.deploy;

import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.ContainerState;
import dev.slipway.project.BuildRecord;
import dev.slipway.project.Environment;
import dev.slipway.project.Project;
import dev.slipway.store.Store;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * After the switch: remove the images this environment built that no kept release needs, so disks do
 * not fill up with one image per deployment. Kept: the images of the last {@code keepReleases}
 * releases of every environment of every project (rollback needs no build; a mirror or a promoted
 * environment may run another environment's image), every current release's image, and any image a
 * container uses, running or not. Only images this server built are candidates (its build records).
 */
public final class PruneImages implements Step {
    public static final int DEFAULT_KEEP_RELEASES = 5;

    private final ContainerEngine engine;
    private final Store store;
    private final int keepReleases;
    private final Clock clock;

    public PruneImages(ContainerEngine engine, Store store, int keepReleases, Clock clock) {
        this.engine = engine;
        this.store = store;
        this.keepReleases = keepReleases;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "prune";
    }

    @Override
    public void run(DeploymentContext context) {
        List<BuildRecord> candidates = store.builds().unpruned(context.project().name(), context.environment().name());
        Set<String> kept = keptImages();
        List<BuildRecord> old = candidates.stream().filter(b -> !kept.contains(b.image())).toList();
        if (old.isEmpty()) {
            context.log().line("no images to prune: " + context.environment().name() + " keeps the images of its last " + keepReleases + " releases");
            return;
        }
        Set<String> used = imagesOfContainers();
        int removed = 0;
        for (BuildRecord b : old) {
            if (used.contains(b.image()) || (b.imageId() != null && used.contains(b.imageId()))) {
                context.log().line("keeping " + b.image() + ": a container uses it");
            } else if (engine.removeImage(b.image())) {
                store.builds().markPruned(b.id(), clock.instant());
                removed++;
                context.log().line("removed image " + b.image() + " (deployment " + b.deploymentId() + "), older than the last " + keepReleases + " releases");
            } else if (!engine.imageExists(b.image())) {
                store.builds().markPruned(b.id(), clock.instant()); // removed by someone else
            } else {
                context.log().line("keeping " + b.image() + ": the engine refused to remove it (in use)");
            }
        }
        context.log().line("pruned " + removed + " image(s)");
    }

    private Set<String> keptImages() {
        Set<String> kept = new HashSet<>();
        for (Project p : store.projects()) {
            for (Environment e : store.environments(p.name())) {
                store.currentRelease(p.name(), e.name()).ifPresent(r -> kept.add(r.image()));
                store.releases(p.name(), e.name(), keepReleases).forEach(r -> kept.add(r.image()));
            }
        }
        return kept;
    }

    private Set<String> imagesOfContainers() {
        Set<String> used = new HashSet<>();
        for (ContainerState c : engine.list(Map.of())) {
            if (c.image() != null) used.add(c.image());
        }
        return used;
    }
}
