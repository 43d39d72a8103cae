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

    /** The same record as a re-use of this build by another deployment. */
    public BuildRecord reusedBy(String project, String environment, long deploymentId, BuildKind kind, String triggeredBy, Duration took) {
        long original = kind.reused() && this.kind.reused() && reusedFrom != null ? reusedFrom : id;
        return new BuildRecord(0, project, environment, deploymentId, commit, kind, original, triggeredBy, dockerfile, dockerfileDigest,
                baseImage, baseImageId, noCache, pulled, took, image, imageId, imageSize, advisories, null, null);
    }
}
