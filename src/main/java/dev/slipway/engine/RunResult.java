package dev.slipway.engine;

import java.util.List;

/** A one-off container's outcome; {@code lastLines} is the tail of its output. */
public record RunResult(int exitCode, boolean timedOut, List<String> lastLines) {
    public RunResult {
        lastLines = List.copyOf(lastLines);
    }
}
