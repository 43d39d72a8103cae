package dev.slipway.build.drift;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The build context's files, for what the Dockerfile installs from (requirements.txt, package.json).
 * Paths are relative to the context; a path that leaves it, also through a link, reads as absent.
 */
public interface SourceFiles {
    Optional<String> read(String path);

    static SourceFiles none() {
        return path -> Optional.empty();
    }

    static SourceFiles of(Map<String, String> files) {
        Map<String, String> copy = Map.copyOf(files);
        return path -> Optional.ofNullable(copy.get(clean(path)));
    }

    static SourceFiles directory(Path context) {
        Path root = context.toAbsolutePath().normalize();
        return path -> {
            Path file = root.resolve(clean(path)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) return Optional.empty();
            try {
                // A link out of the checkout (to the server's data folder, say) is not the build's file.
                if (!file.toRealPath().startsWith(root.toRealPath())) return Optional.empty();
                return Optional.of(Files.readString(file));
            } catch (IOException | RuntimeException unreadable) {
                return Optional.empty(); // the attribution then says the file could not be read
            }
        };
    }

    private static String clean(String path) {
        String p = path;
        while (p.startsWith("./") || p.startsWith("/")) p = p.substring(p.startsWith("./") ? 2 : 1);
        return p;
    }
}
