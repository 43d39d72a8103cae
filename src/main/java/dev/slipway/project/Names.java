package dev.slipway.project;

import java.util.regex.Pattern;

/** Project and environment names: DNS labels, so that `<env>.<project>.<base-domain>` is a valid host. */
public final class Names {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    private Names() {}

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches() && !name.endsWith("-");
    }

    /** Throws {@link InvalidInputException} naming the field when {@code name} is not a valid name. */
    public static String require(String field, String name) {
        if (!isValid(name)) {
            throw new InvalidInputException(field, InvalidInputException.quoted(name) + " is not a valid name: use 1-40 characters a-z, 0-9 and '-', starting with a letter and not ending with '-'");
        }
        return name;
    }
}
