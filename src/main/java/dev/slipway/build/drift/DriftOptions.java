package dev.slipway.build.drift;

import java.time.Duration;

/** How much a report shows and how long reading the images may take. */
public record DriftOptions(int pathsShown, Duration timeout) {
    public static final int DEFAULT_PATHS_SHOWN = 5;
    // Saving two images of a few GB from a busy engine; past this the engine is stuck, not slow.
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);
    public static final DriftOptions DEFAULTS = new DriftOptions(DEFAULT_PATHS_SHOWN, DEFAULT_TIMEOUT);
}
