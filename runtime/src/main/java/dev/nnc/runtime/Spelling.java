package dev.nnc.runtime;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean ...?": the candidate nearest to a misspelt name, if any is near enough. */
public final class Spelling {

    private Spelling() {}

    /** The closest candidate within a few edits of {@code word} (first one wins a tie), or null. */
    public static String closest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        // One edit per three letters, at least one and at most three: 'sigmod' finds 'sigmoid',
        // but 'x' does not find 'W'.
        int limit = Math.max(1, Math.min(3, word.length() / 3));
        for (String candidate : candidates) {
            int d = distance(word.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d <= limit && d < bestDistance && d < candidate.length()) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /** "; did you mean 'x'?" for a message, or the empty string when nothing is close. */
    public static String didYouMean(String word, Collection<String> candidates) {
        String near = closest(word, candidates);
        return near == null ? "" : "; did you mean '" + near + "'?";
    }

    /** Levenshtein distance, where swapping two neighbouring letters counts as one edit. */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
