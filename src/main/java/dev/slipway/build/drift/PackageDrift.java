package dev.slipway.build.drift;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** The package versions that differ between two images, each tied to the instruction that changed it. */
final class PackageDrift {
    private PackageDrift() {}

    static List<PackageChange> between(SavedImage a, List<LayerSteps.Step> stepsA, SavedImage b, List<LayerSteps.Step> stepsB,
                                       SourceFiles sources) {
        PackageInventory before = PackageInventory.of(a.layers());
        PackageInventory after = PackageInventory.of(b.layers());
        Map<String, InstalledPackage> finalA = before.last();
        Map<String, InstalledPackage> finalB = after.last();
        TreeSet<String> keys = new TreeSet<>(finalA.keySet());
        keys.addAll(finalB.keySet());
        Map<String, Integer> names = nameCounts(keys, finalA, finalB);

        List<PackageChange> changes = new ArrayList<>();
        for (String key : keys) {
            InstalledPackage x = finalA.get(key);
            InstalledPackage y = finalB.get(key);
            String versionA = x == null ? null : x.version();
            String versionB = y == null ? null : y.version();
            if (Objects.equals(versionA, versionB)) continue;
            InstalledPackage p = y != null ? y : x;
            // Only B's layers can have brought B's version; only A's show where a package went missing.
            boolean inB = y != null || after.lastChange(key) >= 0;
            int layer = changedAt(key, before, after);
            LayerSteps.Step step = layer < 0 ? null : (inB && layer < stepsB.size() ? stepsB : stepsA).get(layer);
            String instruction = step == null ? null : step.label();
            String reason = null;
            if (step != null && step.instruction() != null) {
                PinCheck.Attribution attribution = PinCheck.explain(step.instruction(), p, sources);
                instruction = attribution.shown();
                reason = attribution.reason();
            }
            String location = names.get(p.ecosystem() + ":" + p.name()) > 1 ? p.location() : null;
            changes.add(new PackageChange(p.ecosystem(), p.name(), location, versionA, versionB, instruction, reason));
        }
        changes.sort(Comparator.comparing(PackageChange::ecosystem).thenComparing(PackageChange::name));
        return changes;
    }

    /**
     * The first layer after which the two images disagree on the package, when both have as many
     * layers (two builds of one Dockerfile); otherwise the layer of B (or A) that last changed it.
     */
    private static int changedAt(String key, PackageInventory a, PackageInventory b) {
        if (a.layers() == b.layers()) {
            for (int i = 0; i < a.layers(); i++) {
                if (!Objects.equals(a.version(key, i), b.version(key, i))) return i;
            }
        }
        int inB = b.lastChange(key);
        return inB >= 0 ? inB : a.lastChange(key);
    }

    private static Map<String, Integer> nameCounts(Iterable<String> keys, Map<String, InstalledPackage> a, Map<String, InstalledPackage> b) {
        Map<String, Integer> counts = new HashMap<>();
        for (String key : keys) {
            InstalledPackage p = b.getOrDefault(key, a.get(key));
            counts.merge(p.ecosystem() + ":" + p.name(), 1, Integer::sum);
        }
        return counts;
    }
}
