package dev.slipway.deploy;

import dev.slipway.build.Advisory;
import dev.slipway.build.ImageReuse;
import dev.slipway.build.PinAdvisor;
import dev.slipway.build.UnreadableInputException;
import dev.slipway.engine.BuildRequest;
import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.ImageInfo;
import dev.slipway.project.BuildKind;
import dev.slipway.project.BuildRecord;
import dev.slipway.project.Release;
import dev.slipway.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Step 3: report the pin advisories, then re-use an image (promotion, mirror: {@link ImageReuse})
 * or build one without the layer cache (DESIGN section 3: a control-panel build picks up current
 * dependencies). The tag is unique per deployment, so a rebuild never overwrites an image that a
 * release still runs. Either way a build record says how the deployment got its image.
 */
public final class Build implements Step {
    /** Who asks for deployments through the API; there is one identity today, the admin token. */
    static final String API_IDENTITY = "admin";

    private final ContainerEngine engine;
    private final Store store;
    private final boolean pullBaseImage;
    private final Clock clock;

    public Build(ContainerEngine engine, Store store, boolean pullBaseImage, Clock clock) {
        this.engine = engine;
        this.store = store;
        this.pullBaseImage = pullBaseImage;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "build";
    }

    @Override
    public void run(DeploymentContext context) {
        String dockerfile = context.config.build().dockerfile();
        Path file = context.workspace.resolve(dockerfile).normalize();
        if (!file.startsWith(context.workspace) || !Files.isRegularFile(file)) {
            throw new StepFailedException(dockerfile + " not found in the repository at commit " + shortSha(context.commit));
        }
        PinAdvisor.Result pins = advisories(context, dockerfile);
        if (!context.deployment().rebuild()) {
            Optional<ImageReuse.Source> source = new ImageReuse(store, engine).find(context.project(), context.environment().name(), context.commit);
            if (source.isPresent()) {
                reuse(context, source.get(), pins);
                return;
            }
        } else {
            context.log().line("--rebuild: building even if another environment has an image of this commit");
        }
        build(context, dockerfile, file, pins);
    }

    private PinAdvisor.Result advisories(DeploymentContext context, String dockerfile) {
        PinAdvisor.Result pins;
        try {
            pins = new PinAdvisor(context.workspace).check(dockerfile);
        } catch (UnreadableInputException e) {
            throw new StepFailedException(e.getMessage());
        }
        List<Advisory> found = pins.advisories();
        context.log().line(found.isEmpty() ? "pin advisories: none" : "pin advisories: " + found.size() + " unpinned input(s)");
        found.forEach(a -> context.log().line("  " + a));
        if (!found.isEmpty() && context.config.build().strictPins()) {
            throw new StepFailedException(found.size() + " pin advisor" + (found.size() == 1 ? "y" : "ies")
                    + " and build.strict_pins is true; first: " + found.get(0));
        }
        return pins;
    }

    private void reuse(DeploymentContext context, ImageReuse.Source source, PinAdvisor.Result pins) {
        Instant start = clock.instant();
        Release from = source.release();
        context.image = source.image();
        context.imageBuiltHere = false;
        String id = engine.inspectImage(source.image()).map(ImageInfo::id).orElse("?");
        context.log().line("re-using image " + source.image() + " (" + id + ") " + source.origin(context.project().name())
                + ", running as release " + from.id() + " of " + from.project() + "/" + from.environment() + "; not building");
        Duration took = Duration.between(start, clock.instant());
        BuildRecord record = source.build() != null
                ? source.build().reusedBy(context.deployment(), source.kind(), took)
                : BuildRecord.reusedUnrecorded(context.deployment(), context.commit, source.kind(), source.image(), id,
                        context.config.build().dockerfile(), pins.baseImage(), advisoryLines(pins), took);
        context.build = store.builds().record(record);
    }

    private void build(DeploymentContext context, String dockerfile, Path file, PinAdvisor.Result pins) {
        String tag = tag(context.project().name(), context.environment().name(), context.deployment().id(), context.instanceId());
        context.log().line("building " + tag + " from " + dockerfile + " without layer cache; "
                + (pullBaseImage ? "pulling a fresh base image" : "base image not pulled (offline)"));
        Instant start = clock.instant();
        BuildRequest request = new BuildRequest(context.workspace, dockerfile, tag, true, pullBaseImage, Labels.of(context, null));
        String imageId = engine.build(request, context.log());
        Duration took = Duration.between(start, clock.instant());
        context.image = tag;
        context.imageBuiltHere = true;
        Long size = engine.inspectImage(tag).map(ImageInfo::size).orElse(null);
        String baseId = pins.baseImage() == null || pins.baseImage().equals("scratch") ? null
                : engine.inspectImage(pins.baseImage()).map(ImageInfo::id).orElse(null);
        context.log().line("built " + tag + " (" + imageId + ", " + (size == null ? "?" : size / 1024 + " KiB") + ") in "
                + String.format(java.util.Locale.ROOT, "%.1f s", took.toMillis() / 1000.0));
        String trigger = API_IDENTITY + (context.deployment().rebuild() ? " --rebuild" : "");
        BuildRecord.Recipe recipe = new BuildRecord.Recipe(dockerfile, sha256(file), pins.baseImage(), baseId, true, pullBaseImage);
        context.build = store.builds().record(BuildRecord.built(context.deployment(), context.commit, trigger, recipe,
                new BuildRecord.Image(tag, imageId, size), took, advisoryLines(pins)));
        new DriftCheck(engine, store).afterBuild(context, context.build, file);
    }

    @Override
    public void undo(DeploymentContext context) {
        if (context.imageBuiltHere && context.image != null) {
            engine.removeImage(context.image);
            if (context.build != null) store.builds().markPruned(context.build.id(), clock.instant());
        }
    }

    /** A rollback's record: it re-uses the image of the release it goes back to. */
    static void recordRollback(Store store, DeploymentContext context, Release target) {
        BuildRecord original = store.builds().ofDeployment(target.deploymentId()).orElse(null);
        BuildRecord record = original != null
                ? original.reusedBy(context.deployment(), BuildKind.ROLLBACK, Duration.ZERO)
                : BuildRecord.rollback(context.deployment(), target.commit(), target.image());
        context.build = store.builds().record(record);
    }

    private static List<String> advisoryLines(PinAdvisor.Result pins) {
        return pins.advisories().stream().map(Advisory::toString).toList();
    }

    /** The Dockerfile digest: sha256 of its text, so two builds show whether their recipe differed. */
    static String sha256(Path file) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (IOException e) {
            throw new StepFailedException("cannot read " + file.getFileName() + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static String tag(String project, String environment, long deploymentId, String instanceId) {
        return "slipway/" + project + ":" + environment + "-d" + deploymentId + "-" + Labels.shortInstance(instanceId);
    }

    static String shortSha(String sha) {
        return sha == null ? "?" : sha.substring(0, Math.min(12, sha.length()));
    }
}
