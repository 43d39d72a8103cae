package dev.slipway.project;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Memory sizes as {@code slipway.yaml} and docker write them: {@code 512m}, {@code 1g}, {@code 64k}, or bytes. */
public final class Sizes {
    // Twelve digits with the largest unit stay far below Long.MAX_VALUE.
    private static final Pattern SYNTAX = Pattern.compile("([0-9]{1,12})([kmg]?)b?");
    private static final long K = 1024;

    private Sizes() {}

    /** Bytes, or null when {@code text} is not a size. */
    public static Long parse(String text) {
        Matcher m = SYNTAX.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "k" -> amount * K;
            case "m" -> amount * K * K;
            case "g" -> amount * K * K * K;
            default -> amount;
        };
    }

    /** The shortest text that {@link #parse} reads back. */
    public static String format(long bytes) {
        if (bytes != 0 && bytes % (K * K * K) == 0) return bytes / (K * K * K) + "g";
        if (bytes != 0 && bytes % (K * K) == 0) return bytes / (K * K) + "m";
        if (bytes != 0 && bytes % K == 0) return bytes / K + "k";
        return Long.toString(bytes);
    }
}
