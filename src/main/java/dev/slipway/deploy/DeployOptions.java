package dev.slipway.deploy;

import java.time.Duration;

/**
 * {@code pullBaseImage} asks builds for a fresh base image; it is off by default because an offline
 * installation (no registry) must work as it is.
 */
public record DeployOptions(boolean pullBaseImage, Duration migrateTimeout, Duration processCheckWindow) {
    public static final DeployOptions DEFAULT = new DeployOptions(false, Migrate.DEFAULT_TIMEOUT, StartProcesses.DEFAULT_CHECK_WINDOW);
}
