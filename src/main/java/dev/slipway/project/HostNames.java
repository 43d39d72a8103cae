package dev.slipway.project;

import java.util.Locale;
import java.util.regex.Pattern;

/** Host names as users type them: case and a trailing dot do not matter; ports, paths and wildcards are refused. */
public final class HostNames {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private HostNames() {}

    /** The normalized host (lower case, no trailing dot), or InvalidInputException naming {@code field}. */
    public static String require(String field, String host) {
        if (host == null || host.isBlank()) {
            throw new InvalidInputException(field, "a host name is required, e.g. shop.example.com");
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.length() > 253 || h.isEmpty()) {
            throw new InvalidInputException(field, "'" + host + "' is not a valid host name (at most 253 characters)");
        }
        for (String label : h.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new InvalidInputException(field, "'" + host + "' is not a valid host name: labels are letters, digits and"
                        + " inner hyphens, 1-63 characters, separated by dots (no port, path or wildcard)");
            }
        }
        return h;
    }
}
