package dev.slipway.build;

import java.util.List;

/**
 * The branches and tags a repository advertises, each with the commit it names (a tag's, peeled to its
 * commit), sorted by name with the default branch first; {@code defaultBranch} null for an empty repository.
 */
public record RepoRefs(String defaultBranch, List<Tip> branches, List<Tip> tags) {
    public record Tip(String name, String commit) {}

    public RepoRefs {
        branches = List.copyOf(branches);
        tags = List.copyOf(tags);
    }
}
