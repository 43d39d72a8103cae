package dev.slipway.build;

import dev.slipway.engine.ContainerEngine;
import dev.slipway.project.BuildKind;
import dev.slipway.project.BuildRecord;
import dev.slipway.project.Environment;
import dev.slipway.project.Project;
import dev.slipway.project.Release;
import dev.slipway.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When a deployment re-uses an image instead of building (DESIGN section 3), and nowhere else:
 * <ul>
 *   <li>promotion: another environment of the same project runs, or last succeeded with, an image
 *       of the commit (live gets the very image test ran);</li>
 *   <li>mirror: the project is a mirror and an environment of its original has such an image.</li>
 * </ul>
 * The same environment is never a source, so redeploying it at the same commit builds afresh; the
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
            if (commit.equals(c.release().commit()) && engine.imageExists(c.release().image())) {
                return Optional.of(new Source(c.release().image(), c.kind(), c.release(), originalBuild(c.release())));
            }
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

    /** The build that made the release's image, following re-uses back to it. */
    private BuildRecord originalBuild(Release release) {
        BuildRecord b = store.builds().ofDeployment(release.deploymentId()).orElse(null);
        if (b != null && b.kind().reused() && b.reusedFrom() != null) {
            return store.builds().build(b.reusedFrom()).orElse(b);
        }
        return b;
    }
}
