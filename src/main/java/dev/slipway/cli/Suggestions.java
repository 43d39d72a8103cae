package dev.slipway.cli;

import java.util.Comparator;
import java.util.List;

/** The commands or options a mistyped word was probably meant to be. */
final class Suggestions {
    private Suggestions() {}

    /**
     * The candidates within a typo's reach (edit distance at most a third of the word, at least 1), nearest
     * first; else picocli's own guesses (shared letter pairs), which catch words that are merely alike.
     */
    static List<String> nearest(String typed, List<String> candidates, List<String> picocliGuesses) {
        int reach = Math.max(1, typed.length() / 3);
        List<String> close = candidates.stream().filter(c -> distance(typed, c) <= reach)
                .sorted(Comparator.comparingInt(c -> distance(typed, c))).limit(3).toList();
        return close.isEmpty() ? picocliGuesses.stream().filter(candidates::contains).limit(3).toList() : close;
    }

    /** Edits (insert, delete, replace, swap two neighbours) that turn {@code a} into {@code b}. */
    static int distance(String a, String b) {
        return dev.slipway.build.Closest.distance(a, b);
    }
}
