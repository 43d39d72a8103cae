package dev.slipway.build.drift;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The packages an image holds after each of its layers, as its final filesystem shows them: a layer's
 * whiteouts and opaque directories first hide what the layers below listed, then its own package
 * files count. Keyed by {@link InstalledPackage#key()}.
 */
final class PackageInventory {
    private final List<Map<String, InstalledPackage>> afterLayer;

    private PackageInventory(List<Map<String, InstalledPackage>> afterLayer) {
        this.afterLayer = afterLayer;
    }

    static PackageInventory of(List<LayerContents> layers) {
        Map<String, List<InstalledPackage>> byFile = new HashMap<>();
        List<Map<String, InstalledPackage>> snapshots = new ArrayList<>();
        Map<String, InstalledPackage> current = Map.of();
        for (LayerContents layer : layers) {
            boolean changed = byFile.keySet().removeIf(path -> hidden(path, layer));
            changed |= !layer.packages().isEmpty();
            byFile.putAll(layer.packages());
            if (changed) current = flatten(byFile);
            snapshots.add(current);
        }
        return new PackageInventory(snapshots);
    }

    private static boolean hidden(String path, LayerContents layer) {
        for (String deleted : layer.deleted()) {
            if (path.equals(deleted) || path.startsWith(deleted + "/")) return true;
        }
        for (String dir : layer.opaqueDirectories()) {
            if (path.startsWith(dir + "/")) return true;
        }
        return false;
    }

    private static Map<String, InstalledPackage> flatten(Map<String, List<InstalledPackage>> byFile) {
        Map<String, InstalledPackage> packages = new HashMap<>();
        byFile.values().forEach(list -> list.forEach(p -> packages.put(p.key(), p)));
        return Map.copyOf(packages);
    }

    int layers() {
        return afterLayer.size();
    }

    /** What the finished image holds. */
    Map<String, InstalledPackage> last() {
        return afterLayer.isEmpty() ? Map.of() : afterLayer.getLast();
    }

    /** The version of {@code key} after layer {@code index} (0 is the bottom), null when absent. */
    String version(String key, int index) {
        InstalledPackage p = afterLayer.get(index).get(key);
        return p == null ? null : p.version();
    }

    /** The last layer whose result changed {@code key}'s version, or -1 when no layer holds it. */
    int lastChange(String key) {
        for (int i = afterLayer.size() - 1; i >= 0; i--) {
            String before = i == 0 ? null : version(key, i - 1);
            String now = version(key, i);
            if (now == null ? before != null : !now.equals(before)) return i;
        }
        return -1;
    }
}
