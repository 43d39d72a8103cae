package dev.slipway.project;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How one deployment got its image. For {@link BuildKind#BUILT}: the commit, the Dockerfile and its
 * sha256, the base image and its id, whether the layer cache was off and the base image pulled, how
 * long it took, the image (tag, id, size) and the pin advisories. A re-use names the build it
 * re-used ({@code reusedFrom}) and repeats that build's image and inputs. The step log is the
 * deployment's log ({@code deploymentId}). {@code triggeredBy} is who asked: the API identity
 * ("admin") for deployments, "rollback" for rollbacks. {@code prunedAt} is set once the image is removed.
 */
public record BuildRecord(
        long id,
        String project,
        String environment,
        long deploymentId,
        String commit,
        BuildKind kind,
        Long reusedFrom,
        String triggeredBy,
        String dockerfile,
        String dockerfileDigest,
        String baseImage,
        String baseImageId,
        boolean noCache,
        boolean pulled,
        Duration duration,
        String image,
        String imageId,
        Long imageSize,
        List<String> advisories,
        Instant createdAt,
        Instant prunedAt) {

    public BuildRecord {
        advisories = List.copyOf(advisories);
    }

    /** What an image was built from: the Dockerfile and its sha256, the base image and its id, the cache and pull flags. */
    public record Recipe(String dockerfile, String dockerfileDigest, String baseImage, String baseImageId, boolean noCache, boolean pulled) {}

    /** The image a build made: its tag, id and size in bytes. */
    public record Image(String tag, String id, Long size) {}

    /** An image {@code deployment} built from {@code commit}. */
    public static BuildRecord built(Deployment deployment, String commit, String triggeredBy, Recipe recipe, Image image, Duration took,
            List<String> advisories) {
        return new BuildRecord(0, deployment.project(), deployment.environment(), deployment.id(), commit, BuildKind.BUILT, null, triggeredBy,
                recipe.dockerfile(), recipe.dockerfileDigest(), recipe.baseImage(), recipe.baseImageId(), recipe.noCache(), recipe.pulled(),
                took, image.tag(), image.id(), image.size(), advisories, null, null);
    }

    /**
     * The same record as a re-use of this build by {@code deployment} ({@code kind}: promotion, mirror
     * or rollback, which is also who triggered it). A re-use of a re-use names the build that built.
     */
    public BuildRecord reusedBy(Deployment deployment, BuildKind kind, Duration took) {
        long original = kind.reused() && this.kind.reused() && reusedFrom != null ? reusedFrom : id;
        return new BuildRecord(0, deployment.project(), deployment.environment(), deployment.id(), commit, kind, original, trigger(kind),
                dockerfile, dockerfileDigest, baseImage, baseImageId, noCache, pulled, took, image, imageId, imageSize, advisories, null, null);
    }

    /**
     * A promotion or mirror re-use of an image that has no build record (its release is older than
     * build records): the Dockerfile, base image and advisories are what the deploying workspace says.
     */
    public static BuildRecord reusedUnrecorded(Deployment deployment, String commit, BuildKind kind, String image, String imageId,
            String dockerfile, String baseImage, List<String> advisories, Duration took) {
        return new BuildRecord(0, deployment.project(), deployment.environment(), deployment.id(), commit, kind, null, trigger(kind),
                dockerfile, null, baseImage, null, true, false, took, image, imageId, null, advisories, null, null);
    }

    /** A rollback to the image of an earlier release whose deployment left no build record. */
    public static BuildRecord rollback(Deployment deployment, String commit, String image) {
        return new BuildRecord(0, deployment.project(), deployment.environment(), deployment.id(), commit, BuildKind.ROLLBACK, null,
                trigger(BuildKind.ROLLBACK), null, null, null, null, true, false, Duration.ZERO, image, null, null, List.of(), null, null);
    }

    /** A re-use is triggered by what it is: "promotion", "mirror" or "rollback". */
    private static String trigger(BuildKind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
