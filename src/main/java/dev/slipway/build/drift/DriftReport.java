package dev.slipway.build.drift;

import java.util.ArrayList;
import java.util.List;

/**
 * Where and why two images of one commit differ: the first layer (and its Dockerfile instruction)
 * whose file contents differ, the later ones that differ too, and the package versions that changed.
 * {@code layersCompared} is 0 when both names are one image.
 */
public record DriftReport(String imageA, String imageB, String idA, String idB, int layersCompared,
                          LayerDifference firstDifference, List<LayerDifference> laterDifferences,
                          List<PackageChange> packageChanges) {
    public DriftReport {
        laterDifferences = List.copyOf(laterDifferences);
        packageChanges = List.copyOf(packageChanges);
    }

    static DriftReport sameImage(String imageA, String imageB, String id) {
        return new DriftReport(imageA, imageB, id, id, 0, null, List.of(), List.of());
    }

    public boolean drifted() {
        return firstDifference != null || !packageChanges.isEmpty();
    }

    /** The report as a user reads it, one line each. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("A: " + imageA + " (" + shortId(idA) + ")");
        lines.add("B: " + imageB + " (" + shortId(idB) + ")");
        if (idA.equals(idB)) {
            lines.add("no drift: both are the same image");
            return lines;
        }
        if (!drifted()) {
            lines.add("no drift: the file contents of all " + layersCompared + " layers are identical "
                    + "(the images differ only in metadata such as creation times)");
            return lines;
        }
        if (firstDifference != null) {
            lines.add("first difference: " + firstDifference.instruction());
            firstDifference.paths().forEach(path -> lines.add("  " + path));
            if (firstDifference.morePaths() > 0) lines.add("  … and " + firstDifference.morePaths() + " more paths");
            for (LayerDifference later : laterDifferences) {
                int paths = later.paths().size() + later.morePaths();
                lines.add("also differs: " + later.instruction() + " (" + paths + (paths == 1 ? " path)" : " paths)"));
            }
        } else {
            lines.add("the layers' file contents are identical");
        }
        if (packageChanges.isEmpty()) {
            lines.add("no package versions changed");
        } else {
            lines.add("package versions changed (" + packageChanges.size() + "):");
            Ecosystem shown = null;
            for (PackageChange change : packageChanges) {
                if (change.ecosystem() != shown) lines.add("  " + change.ecosystem().title() + ":");
                shown = change.ecosystem();
                lines.add("    " + change.describe());
            }
        }
        return lines;
    }

    private static String shortId(String id) {
        String hex = id.substring(id.indexOf(':') + 1);
        return id.substring(0, id.indexOf(':') + 1) + hex.substring(0, Math.min(12, hex.length()));
    }
}
