package dev.slipway.build.drift;

import java.util.List;

/** A layer whose content differs: the instruction that made it, a few differing paths, and how many more there are. */
public record LayerDifference(String instruction, List<String> paths, int morePaths) {
    public LayerDifference {
        paths = List.copyOf(paths);
    }
}
