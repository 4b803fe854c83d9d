package dev.nnc.runtime.data;

import dev.nnc.runtime.DType;
import dev.nnc.runtime.Rng;
import java.util.Arrays;

/**
 * A data set divided into a training part and a held-out validation part.
 *
 * @param train the examples to fit on
 * @param validation the examples to measure on; never seen by training
 */
public record Split(Dataset train, Dataset validation) {

    /**
     * Holds out {@code round(N * validationFraction)} examples (at least one), chosen with
     * stream -1 of {@code seed} (see {@link Shuffle}), so the same seed gives the same split.
     * Both parts keep the examples in their original order.
     *
     * <p>Stratified: each class gives the validation set its share of the examples, so a
     * 10% split of Iris holds 5 of each species and a small or unbalanced data set cannot
     * end up with a class missing from validation. The quotas are {@code count(c) * nVal / N}
     * rounded down, the examples left over going to the classes with the largest remainders
     * (the lower class index first on a tie), so the total is still exactly {@code nVal}.
     * Within a class, the examples are picked by a shuffle of that class's indices, classes
     * in index order, all from the one generator. It needs one integer label per example.
     *
     * <p>Not stratified: the first {@code nVal} indices of a seeded permutation.
     *
     * @throws IllegalArgumentException when the fraction is not strictly between 0 and 1, or
     *     stratification is asked for without integer labels
     * @throws DataException when the data set is too small to leave anything to train on
     */
    public static Split of(Dataset data, double validationFraction, long seed, boolean stratified) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException(
                    "the validation fraction must be between 0 and 1, not " + validationFraction);
        }
        int n = data.size();
        int nVal = Math.max(1, (int) Math.round(n * validationFraction));
        if (nVal >= n) {
            throw new DataException(data.features().source() + " has " + n + (n == 1 ? " example" : " examples")
                    + ": too few to hold out " + nVal + " for validation and still train on the rest");
        }
        Rng rng = Shuffle.stream(seed, Shuffle.SPLIT_STREAM);
        boolean[] held = stratified ? stratifiedPick(data, nVal, rng) : randomPick(n, nVal, rng);
        int[] val = new int[nVal];
        int[] train = new int[n - nVal];
        int v = 0;
        int t = 0;
        for (int i = 0; i < n; i++) {
            if (held[i]) {
                val[v++] = i;
            } else {
                train[t++] = i;
            }
        }
        return new Split(data.select(train), data.select(val));
    }

    private static boolean[] randomPick(int n, int nVal, Rng rng) {
        int[] order = new int[n];
        Shuffle.permutation(order, rng);
        boolean[] held = new boolean[n];
        for (int i = 0; i < nVal; i++) {
            held[order[i]] = true;
        }
        return held;
    }

    private static boolean[] stratifiedPick(Dataset data, int nVal, Rng rng) {
        Field labels = data.labels();
        if (labels == null || labels.type() != DType.I32 || labels.width() != 1) {
            throw new IllegalArgumentException("a stratified split needs one integer class label per example");
        }
        int[] y = labels.ints();
        int n = y.length;
        int classes = Arrays.stream(y).max().getAsInt() + 1;
        int[] count = new int[classes];
        for (int c : y) {
            count[c]++;
        }
        int[] quota = quotas(count, n, nVal);

        // Indices grouped by class (a counting sort), each group shuffled, its head held out.
        int[] start = new int[classes + 1];
        for (int c = 0; c < classes; c++) {
            start[c + 1] = start[c] + count[c];
        }
        int[] grouped = new int[n];
        int[] fill = Arrays.copyOf(start, classes);
        for (int i = 0; i < n; i++) {
            grouped[fill[y[i]]++] = i;
        }
        boolean[] held = new boolean[n];
        for (int c = 0; c < classes; c++) {
            Shuffle.shuffle(grouped, start[c], start[c + 1], rng);
            for (int k = 0; k < quota[c]; k++) {
                held[grouped[start[c] + k]] = true;
            }
        }
        return held;
    }

    /** Largest-remainder apportionment of {@code total} over classes in proportion to {@code count}. */
    static int[] quotas(int[] count, int n, int total) {
        int classes = count.length;
        int[] quota = new int[classes];
        long[] remainder = new long[classes];
        int given = 0;
        for (int c = 0; c < classes; c++) {
            long exact = (long) count[c] * total; // quota is exact / n
            quota[c] = (int) (exact / n);
            remainder[c] = exact % n;
            given += quota[c];
        }
        for (; given < total; given++) {
            int best = -1;
            for (int c = 0; c < classes; c++) {
                if (quota[c] < count[c] && (best < 0 || remainder[c] > remainder[best])) {
                    best = c;
                }
            }
            quota[best]++;
            remainder[best] = -1;
        }
        return quota;
    }
}
