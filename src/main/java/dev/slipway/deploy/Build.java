package dev.slipway.deploy;

import dev.slipway.engine.BuildRequest;
import dev.slipway.engine.ContainerEngine;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Step 3: build the image without the layer cache (DESIGN section 3: a control-panel build picks up
 * current dependencies). The tag is unique per deployment, so a rebuild never overwrites an image
 * that a release still runs.
 */
public final class Build implements Step {
    private final ContainerEngine engine;
    private final boolean pullBaseImage;

    public Build(ContainerEngine engine, boolean pullBaseImage) {
        this.engine = engine;
        this.pullBaseImage = pullBaseImage;
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
        String tag = tag(context.project().name(), context.environment().name(), context.deployment().id(), context.instanceId());
        context.log().line("building " + tag + " from " + dockerfile + " without layer cache"
                + (pullBaseImage ? ", pulling a fresh base image" : ", base image as present (offline)"));
        BuildRequest request = new BuildRequest(context.workspace, dockerfile, tag, true, pullBaseImage, Labels.of(context, null));
        String imageId = engine.build(request, context.log());
        context.image = tag;
        context.imageBuiltHere = true;
        context.log().line("built " + tag + " (" + imageId + ")");
    }

    @Override
    public void undo(DeploymentContext context) {
        if (context.imageBuiltHere && context.image != null) {
            engine.removeImage(context.image);
        }
    }

    static String tag(String project, String environment, long deploymentId, String instanceId) {
        return "slipway/" + project + ":" + environment + "-d" + deploymentId + "-" + instanceId.substring(0, Math.min(4, instanceId.length()));
    }

    static String shortSha(String sha) {
        return sha == null ? "?" : sha.substring(0, Math.min(12, sha.length()));
    }
}
