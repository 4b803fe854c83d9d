package dev.nnc.runtime.data;

import dev.nnc.runtime.Rng;

/**
 * Seeded permutations, specified exactly so that another implementation (or a resumed run)
 * reproduces them.
 *
 * <ul>
 *   <li>Stream {@code k} of a seed is {@code new Rng(mix64(mix64(seed) + k))}: epoch {@code e}
 *       shuffles with stream {@code e}, the validation split uses stream {@code -1}. Hashing
 *       twice keeps streams unrelated even for neighbouring seeds and epochs (plain
 *       {@code seed + e} would make seed 1 epoch 0 equal seed 0 epoch 1).
 *   <li>Each epoch starts again from the identity, so epoch {@code e}'s order depends on the
 *       seed and {@code e} alone, and a run resumed at epoch 7 sees what an uninterrupted one
 *       sees.
 *   <li>Fisher–Yates, from the end: for {@code i = n - 1} down to 1, swap {@code a[i]} with
 *       {@code a[below(i + 1)]}.
 *   <li>{@link #below}: Lemire's multiply-and-reject over the top 32 bits of
 *       {@code nextLong()}, which is exactly uniform (a plain modulo favours small values).
 * </ul>
 */
final class Shuffle {
    static final long SPLIT_STREAM = -1;

    private Shuffle() {}

    static Rng stream(long seed, long k) {
        return new Rng(Rng.mix64(Rng.mix64(seed) + k));
    }

    /** Sets {@code order} to the identity, then shuffles it. */
    static void permutation(int[] order, Rng rng) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        shuffle(order, 0, order.length, rng);
    }

    /** Fisher–Yates over {@code a[from .. to)}. */
    static void shuffle(int[] a, int from, int to, Rng rng) {
        for (int i = to - from - 1; i > 0; i--) {
            int j = below(rng, i + 1);
            int t = a[from + i];
            a[from + i] = a[from + j];
            a[from + j] = t;
        }
    }

    /** Uniform in {@code [0, bound)}, {@code bound > 0}. */
    static int below(Rng rng, int bound) {
        long m = (rng.nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            // Reject the few values of the 32-bit draw that would make some results likelier.
            long threshold = (0x1_0000_0000L - bound) % bound;
            while (low < threshold) {
                m = (rng.nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }
}
