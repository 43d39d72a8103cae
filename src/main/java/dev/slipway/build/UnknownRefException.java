package dev.slipway.build;

import dev.slipway.project.InvalidInputException;
import java.util.List;

/** The ref is neither a branch, a tag nor a commit of the repository; the message lists what exists. */
public class UnknownRefException extends InvalidInputException {
    // Enough to spot a typo without turning the message into a page.
    private static final int SHOWN = 15;

    private final String ref;
    private final List<String> branches;
    private final List<String> tags;

    public UnknownRefException(String ref, String repository, List<String> branches, List<String> tags) {
        super("ref", (ref == null ? "repository " + repository + " has no default branch (HEAD)" : "ref '" + ref + "' not found in " + repository)
                + " (branches: " + list(branches) + "; tags: " + list(tags) + ")");
        this.ref = ref;
        this.branches = List.copyOf(branches);
        this.tags = List.copyOf(tags);
    }

    /** Null when the default branch was asked for. */
    public String ref() {
        return ref;
    }

    public List<String> branches() {
        return branches;
    }

    public List<String> tags() {
        return tags;
    }

    private static String list(List<String> names) {
        if (names.isEmpty()) {
            return "none";
        }
        String shown = String.join(", ", names.subList(0, Math.min(SHOWN, names.size())));
        return names.size() <= SHOWN ? shown : shown + " and " + (names.size() - SHOWN) + " more";
    }
}
