package dev.slipway.project;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The duration syntax of {@code slipway.yaml}: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, or a bare number of seconds. */
public final class Durations {
    // Twelve digits keep every unit far below Duration's limits.
    private static final Pattern SYNTAX = Pattern.compile("([0-9]{1,12})(ms|s|m|h)?");

    private Durations() {}

    /** Returns null when {@code text} is not a duration. */
    public static Duration parse(String text) {
        Matcher m = SYNTAX.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /** The shortest text that {@link #parse} reads back; below a millisecond is rounded down. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0 && millis != 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis != 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
