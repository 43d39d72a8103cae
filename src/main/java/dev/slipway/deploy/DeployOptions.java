package dev.slipway.deploy;

import java.time.Duration;

/**
 * {@code pullBaseImage} asks builds for a fresh base image; it is off by default because an offline
 * installation (no registry) must work as it is. {@code keepReleases}: how many releases per
 * environment keep their image after pruning (rollback to them needs no build).
 */
public record DeployOptions(boolean pullBaseImage, Duration migrateTimeout, Duration processCheckWindow, int keepReleases) {
    public static final DeployOptions DEFAULT = new DeployOptions(false, Migrate.DEFAULT_TIMEOUT, StartProcesses.DEFAULT_CHECK_WINDOW,
            PruneImages.DEFAULT_KEEP_RELEASES);

    public DeployOptions {
        if (keepReleases < 1) throw new IllegalArgumentException("keepReleases must be at least 1, not " + keepReleases);
    }

    public DeployOptions(boolean pullBaseImage, Duration migrateTimeout, Duration processCheckWindow) {
        this(pullBaseImage, migrateTimeout, processCheckWindow, PruneImages.DEFAULT_KEEP_RELEASES);
    }
}
