package dev.slipway.build.drift;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one layer holds: every path with its {@link FileEntry}, the paths it deletes from the layers
 * below (whiteouts), the directories it makes opaque, and the packages its package files list
 * (package file path → packages).
 */
record LayerContents(Map<String, FileEntry> files, Set<String> deleted, Set<String> opaqueDirectories,
                     Map<String, List<InstalledPackage>> packages) {
    LayerContents {
        files = Map.copyOf(files);
        deleted = Set.copyOf(deleted);
        opaqueDirectories = Set.copyOf(opaqueDirectories);
        packages = Map.copyOf(packages);
    }
}
