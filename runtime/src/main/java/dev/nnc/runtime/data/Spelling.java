package dev.nnc.runtime.data;

import java.util.List;
import java.util.Locale;

/** "Did you mean" for a name that is not among the known ones. */
final class Spelling {
    private Spelling() {}

    /**
     * The known name closest to {@code wrong} by edit distance, ignoring case, or null when
     * none is close enough to be a likely typo (more than a third of the name changed).
     */
    static String closest(String wrong, List<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String w = wrong.toLowerCase(Locale.ROOT).strip();
        for (String k : known) {
            int d = distance(w, k.toLowerCase(Locale.ROOT).strip());
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(1, w.length() / 3) ? best : null;
    }

    /** "; did you mean 'x'?", or nothing. */
    static String suggestion(String wrong, List<String> known) {
        String c = closest(wrong, known);
        return c == null ? "" : "; did you mean '" + c + "'?";
    }

    /** Levenshtein distance: insertions, deletions and substitutions each cost 1. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
