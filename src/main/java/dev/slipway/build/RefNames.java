package dev.slipway.build;

import dev.slipway.project.InvalidInputException;
import org.eclipse.jgit.lib.Repository;

/**
 * Branches and refs a user gives (an environment's branch, a deployment's ref) are checked before they
 * are stored or fetched: `git check-ref-format` rules as JGit applies them, and no leading '-', which a
 * git command line would read as an option.
 */
public final class RefNames {
    /** Git itself has no limit; a branch longer than this is a mistake or an attack, not a name. */
    public static final int MAX_LENGTH = 200;

    private RefNames() {}

    /** Null (the default branch) passes; anything else must be a valid branch, tag or commit name. */
    public static String require(String field, String ref) {
        if (ref == null) return null;
        String problem = problem(ref);
        if (problem != null) throw new InvalidInputException(field, field + " " + problem);
        return ref;
    }

    private static String problem(String ref) {
        if (ref.isBlank()) return "is empty: give a branch name or leave it out for the repository's default branch";
        if (ref.length() > MAX_LENGTH) return "has " + ref.length() + " characters; at most " + MAX_LENGTH + " are allowed";
        for (int i = 0; i < ref.length(); i++) {
            char c = ref.charAt(i);
            if (Character.isISOControl(c)) return "contains a control character (U+" + String.format("%04X", (int) c) + ") at position " + (i + 1);
        }
        String shown = InvalidInputException.quoted(ref);
        if (ref.startsWith("-")) return shown + " starts with '-'";
        // A bare name is checked as the branch it names; "refs/..." as given.
        String full = ref.startsWith("refs/") ? ref : "refs/heads/" + ref;
        if (!Repository.isValidRefName(full)) {
            return shown + " is not a valid Git ref name (no spaces, '..', '~', '^', ':', '?', '*', '[', '\\', '@{', no '.lock' or '/' at the end)";
        }
        return null;
    }
}
