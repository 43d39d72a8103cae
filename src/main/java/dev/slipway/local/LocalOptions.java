package dev.slipway.local;

import java.time.Duration;

/**
 * How a project runs on a laptop. {@code postgresImage} is the official image the {@code db} service
 * runs; the database's user and password are fixed and local only (the port is not published).
 */
public record LocalOptions(String environment, String postgresImage, int defaultPort, Duration buildTimeout, Duration commandTimeout) {
    public static final String DEFAULT_ENVIRONMENT = "local";
    public static final String DEFAULT_POSTGRES_IMAGE = "postgres:16-alpine";
    public static final int DEFAULT_PORT = 8000;
    // A cold build of a real project (apt, pip, npm) can take many minutes; a hung one should still end.
    public static final Duration DEFAULT_BUILD_TIMEOUT = Duration.ofMinutes(30);
    // Same as a cloud migration (deploy.Migrate.DEFAULT_TIMEOUT); also bounds up, down and ps.
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(10);

    public static final LocalOptions DEFAULT = new LocalOptions(DEFAULT_ENVIRONMENT, DEFAULT_POSTGRES_IMAGE, DEFAULT_PORT,
            DEFAULT_BUILD_TIMEOUT, DEFAULT_COMMAND_TIMEOUT);

    /** Names another image for the {@code db} service (a mirror, or a stand-in where no registry is reachable). */
    public static final String DB_IMAGE_VARIABLE = "SLIPWAY_LOCAL_DB_IMAGE";

    /** {@link #DEFAULT}, with the {@code db} image from {@value #DB_IMAGE_VARIABLE} when it is set. */
    public static LocalOptions fromEnvironment(java.util.Map<String, String> env) {
        String image = env.get(DB_IMAGE_VARIABLE);
        return image == null || image.isBlank() ? DEFAULT
                : new LocalOptions(DEFAULT_ENVIRONMENT, image.trim(), DEFAULT_PORT, DEFAULT_BUILD_TIMEOUT, DEFAULT_COMMAND_TIMEOUT);
    }

    public static final String DB_USER = "app";
    public static final String DB_PASSWORD = "app";
    public static final String DB_NAME = "app";
    public static final String MEDIA_DIR = "data/media";
    public static final String MEDIA_MOUNT = "/data/media";
    /** Where pull-db keeps the last dump it loaded and push-db the last one it sent. */
    public static final String DUMPS_DIR = "data/dumps";
    public static final String PORT_VARIABLE = "SLIPWAY_LOCAL_PORT";
    public static final String COMMIT_VARIABLE = "SLIPWAY_COMMIT";
}
