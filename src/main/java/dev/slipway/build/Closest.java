package dev.slipway.build;

import java.util.Comparator;
import java.util.List;

/** The names a mistyped one was probably meant to be: edit distance, nearest first. */
public final class Closest {
    private Closest() {}

    /** Up to {@code count} of {@code candidates}, nearest to {@code typed} first; ties keep the candidates' order. */
    public static List<String> to(String typed, List<String> candidates, int count) {
        return candidates.stream().sorted(Comparator.comparingInt(c -> distance(typed, c))).limit(count).toList();
    }

    /** Edits (insert, delete, replace, swap two neighbours) that turn {@code a} into {@code b}. */
    public static int distance(String a, String b) {
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
