package dev.slipway.project;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/** The rules for an environment's own variables; a bad one is refused before anything is stored. */
public final class Variables {
    /** POSIX environment variable names (IEEE Std 1003.1, 8.1): letters, digits, underscore; no leading digit. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,255}");
    public static final int MAX_VALUE_BYTES = 64 * 1024;
    /** Shown instead of every value, whatever its length, so that not even the length leaks. */
    public static final String MASK = "******";

    private Variables() {}

    public static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException("name", "'" + (name == null ? "" : name) + "' is not a valid environment variable name:"
                    + " use letters, digits and '_', not starting with a digit (at most 256 characters)");
        }
        // Slipway sets these itself (DESIGN section 5); letting a variable replace PORT would break the health check.
        if (name.equals("PORT") || name.startsWith("SLIPWAY_")) {
            throw new InvalidInputException("name", "'" + name + "' is set by Slipway itself and cannot be a variable");
        }
        return name;
    }

    public static void requireValue(String name, String value) {
        if (value == null) {
            throw new InvalidInputException("variables." + name, "variable " + name + " has no value");
        }
        if (value.indexOf('\0') >= 0) {
            throw new InvalidInputException("variables." + name, "the value of " + name + " contains a NUL character, which no environment can hold");
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_VALUE_BYTES) {
            throw new InvalidInputException("variables." + name, "the value of " + name + " is " + bytes + " bytes; at most " + MAX_VALUE_BYTES + " (64 KiB) are allowed");
        }
    }

    /** Checks every entry before any is stored, so a bad one changes nothing. */
    public static void requireValid(Map<String, String> variables) {
        if (variables == null || variables.isEmpty()) {
            throw new InvalidInputException("variables", "give at least one variable");
        }
        variables.forEach((name, value) -> {
            requireName(name);
            requireValue(name, value);
        });
    }
}
