package dev.slipway.build.drift;

import dev.slipway.engine.ContainerEngine;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares two images of one Dockerfile: saves both from the engine in one archive (shared layers
 * travel once), digests every file of every layer as it streams past, and reports the first
 * instruction whose layer content differs and the package versions that changed.
 */
public final class DriftDetector {
    private final ContainerEngine engine;
    private final DriftOptions options;

    public DriftDetector(ContainerEngine engine, DriftOptions options) {
        this.engine = engine;
        this.options = options;
    }

    /**
     * {@code dockerfile} is the text both images were built from (null: name layers by the images'
     * history); {@code sources} the build context, for the files install commands read.
     */
    public DriftReport compare(String imageA, String imageB, String dockerfile, SourceFiles sources) {
        String idA = engine.imageId(imageA);
        String idB = engine.imageId(imageB);
        if (idA.equals(idB)) return DriftReport.sameImage(imageA, imageB, idA);
        Instant deadline = Instant.now().plus(options.timeout());
        ImageArchive archive;
        try (InputStream saved = engine.saveImages(List.of(idA, idB))) {
            archive = ImageArchive.read(saved, deadline);
        } catch (IOException e) {
            throw new DriftException("reading the saved images failed: " + e.getMessage(), e);
        }
        return compare(imageA, archive.image(idA), imageB, archive.image(idB), dockerfile, sources, options);
    }

    static DriftReport compare(String nameA, SavedImage a, String nameB, SavedImage b, String dockerfile,
                               SourceFiles sources, DriftOptions options) {
        List<Instruction> lastStage = DockerfileStages.lastStage(dockerfile);
        List<LayerSteps.Step> stepsA = LayerSteps.of(a, lastStage);
        List<LayerSteps.Step> stepsB = LayerSteps.of(b, lastStage);

        List<LayerDifference> differing = new ArrayList<>();
        int layers = Math.max(a.layers().size(), b.layers().size());
        for (int i = 0; i < layers; i++) {
            String instruction = (i < stepsB.size() ? stepsB : stepsA).get(i).label();
            if (i >= a.layers().size() || i >= b.layers().size()) {
                differing.add(new LayerDifference(instruction, List.of(i < b.layers().size() ? "only B has this layer" : "only A has this layer"), 0));
                continue;
            }
            List<String> paths = LayerDiff.differences(a.layers().get(i), b.layers().get(i));
            if (paths.isEmpty()) continue;
            int shown = Math.min(paths.size(), options.pathsShown());
            differing.add(new LayerDifference(instruction, paths.subList(0, shown), paths.size() - shown));
        }
        List<PackageChange> packages = PackageDrift.between(a, stepsA, b, stepsB, sources);
        return new DriftReport(nameA, nameB, a.id(), b.id(), layers,
                differing.isEmpty() ? null : differing.getFirst(),
                differing.isEmpty() ? List.of() : differing.subList(1, differing.size()), packages);
    }
}
