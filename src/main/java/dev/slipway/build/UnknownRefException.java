package dev.slipway.build;

import dev.slipway.project.InvalidInputException;
import java.util.List;

/** The ref is neither a branch, a tag nor a commit of the repository; the message lists what exists. */
public class UnknownRefException extends InvalidInputException {
    // Enough to spot a typo without turning the message into a page.
    private static final int SHOWN = 15;
    /** The number of nearest names a refused deployment request suggests. */
    static final int CLOSEST = 3;

    private final String ref;
    private final List<String> branches;
    private final List<String> tags;

    public UnknownRefException(String ref, String repository, List<String> branches, List<String> tags) {
        this(ref, branches, tags, (ref == null ? "repository " + repository + " has no default branch (HEAD)" : "ref '" + ref + "' not found in " + repository)
                + " (branches: " + list(branches) + "; tags: " + list(tags) + ")");
    }

    private UnknownRefException(String ref, List<String> branches, List<String> tags, String message) {
        super("ref", message);
        this.ref = ref;
        this.branches = List.copyOf(branches);
        this.tags = List.copyOf(tags);
    }

    /**
     * For a deployment request: the ref and the few branches (and tags) nearest to it by edit distance, which
     * is what a typo needs; the whole list is a {@code GET …/refs} away.
     */
    static UnknownRefException withClosest(String ref, String repository, List<String> branches, List<String> tags) {
        String message = "ref " + InvalidInputException.quoted(ref) + " not found in " + repository + "; "
                + (branches.isEmpty() ? "it has no branches" : "closest branches: " + String.join(", ", Closest.to(ref, branches, CLOSEST)))
                + (tags.isEmpty() ? "" : "; closest tags: " + String.join(", ", Closest.to(ref, tags, CLOSEST)));
        return new UnknownRefException(ref, branches, tags, message);
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
