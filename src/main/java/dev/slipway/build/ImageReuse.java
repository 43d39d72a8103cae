package dev.slipway.build;

import dev.slipway.engine.ContainerEngine;
import dev.slipway.project.BuildKind;
import dev.slipway.project.BuildRecord;
import dev.slipway.project.Environment;
import dev.slipway.project.Project;
import dev.slipway.project.Release;
import dev.slipway.store.Store;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * When a deployment re-uses an image instead of building (DESIGN section 3), and nowhere else:
 * <ul>
 *   <li>promotion: another environment of the same project runs, or last succeeded with, an image
 *       of the commit (live gets the very image test ran);</li>
 *   <li>mirror: the project is a mirror and an environment of its original has such an image.</li>
 * </ul>
 * Each candidate is traced through its re-uses back to the environment that built it, and an image
 * that the deploying environment built itself is never a source, even when it came back through a
 * promotion or the mirror pair: redeploying an environment at the same commit builds afresh. The
 * caller skips this entirely for {@code --rebuild}. An image the engine no longer has is no source.
 */
public final class ImageReuse {
    /** The image to re-use, the release it comes from and the build that made it (null for releases older than build records). */
    public record Source(String image, BuildKind kind, Release release, BuildRecord build) {
        /** "built for test by deployment 12", or "built for shop/test …" when it comes from another project. */
        public String origin(String forProject) {
            String project = build != null ? build.project() : release.project();
            String environment = build != null ? build.environment() : release.environment();
            long deployment = build != null ? build.deploymentId() : release.deploymentId();
            return "built for " + (project.equals(forProject) ? "" : project + "/") + environment + " by deployment " + deployment;
        }

        boolean builtBy(String project, String environment) {
            String p = build != null ? build.project() : release.project();
            String e = build != null ? build.environment() : release.environment();
            return p.equals(project) && e.equals(environment);
        }
    }

    private final Store store;
    private final ContainerEngine engine;

    public ImageReuse(Store store, ContainerEngine engine) {
        this.store = store;
        this.engine = engine;
    }

    public Optional<Source> find(Project project, String environment, String commit) {
        if (commit == null) return Optional.empty();
        List<Candidate> candidates = new ArrayList<>(releasesOf(project.name(), environment, BuildKind.PROMOTION));
        if (project.mirrorOf() != null) candidates.addAll(releasesOf(project.mirrorOf(), null, BuildKind.MIRROR));
        for (Candidate c : candidates) {
            if (!commit.equals(c.release().commit())) continue;
            Source source = new Source(c.release().image(), c.kind(), c.release(), originalBuild(c.release()));
            if (!source.builtBy(project.name(), environment) && engine.imageExists(source.image())) return Optional.of(source);
        }
        return Optional.empty();
    }

    private record Candidate(Release release, BuildKind kind) {}

    /** The current and the latest release of each environment of {@code project} except {@code exclude}. */
    private List<Candidate> releasesOf(String project, String exclude, BuildKind kind) {
        List<Candidate> out = new ArrayList<>();
        for (Environment e : store.environments(project)) {
            if (e.name().equals(exclude)) continue;
            store.currentRelease(project, e.name()).ifPresent(r -> out.add(new Candidate(r, kind)));
            store.releases(project, e.name(), 1).forEach(r -> out.add(new Candidate(r, kind)));
        }
        return out;
    }

    /** The build that made the release's image: its deployment's record, followed through each re-use to the one that built (a loop in the records ends the walk). */
    private BuildRecord originalBuild(Release release) {
        BuildRecord b = store.builds().ofDeployment(release.deploymentId()).orElse(null);
        Set<Long> seen = new HashSet<>();
        while (b != null && b.kind().reused() && b.reusedFrom() != null && seen.add(b.id())) {
            BuildRecord from = store.builds().build(b.reusedFrom()).orElse(null);
            if (from == null) break;
            b = from;
        }
        return b;
    }
}
