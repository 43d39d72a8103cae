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
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
