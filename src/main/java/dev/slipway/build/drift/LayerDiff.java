package dev.slipway.build.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The paths whose entries differ between two layers at the same place in two images. */
final class LayerDiff {
    private LayerDiff() {}

    /** Sorted by path: "+ /app/new" (only in B), "- /app/old" (only in A), "/built-at: content differs". */
    static List<String> differences(LayerContents a, LayerContents b) {
        Map<String, FileEntry> before = a.files();
        Map<String, FileEntry> after = b.files();
        if (before.equals(after)) return List.of();
        TreeSet<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        List<String> differences = new ArrayList<>();
        for (String path : paths) {
            FileEntry x = before.get(path);
            FileEntry y = after.get(path);
            if (x == null) differences.add(y.kind() == FileEntry.Kind.WHITEOUT ? path + ": deleted only in B" : "+ " + path);
            else if (y == null) differences.add(x.kind() == FileEntry.Kind.WHITEOUT ? path + ": deleted only in A" : "- " + path);
            else if (!x.equals(y)) differences.add(path + ": " + x.differenceTo(y));
        }
        return differences;
    }
}
