package dev.nnc.bench.baseline;

/**
 * Softmax cross-entropy for one row of logits, and its gradient, shared by the MLP
 * baselines (the row may sit in its own array or inside a flat one, hence the offsets).
 */
final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() {
    }

    /**
     * Writes {@code scale * (softmax(z) - onehot(label))} to {@code dz} and returns this row's
     * cross-entropy {@code logsumexp(z) - z[label]}. Subtracting the row's maximum keeps
     * exp from overflowing; the loss uses the log-sum-exp form rather than log(softmax) so a
     * confident wrong answer gives a large finite loss instead of log(0).
     */
    static float row(float[] z, int zOff, int n, int label, float scale, float[] dz, int dzOff) {
        float max = z[zOff];
        for (int j = 1; j < n; j++) {
            max = Math.max(max, z[zOff + j]);
        }
        float sum = 0;
        for (int j = 0; j < n; j++) {
            float e = (float) Math.exp(z[zOff + j] - max);
            dz[dzOff + j] = e;
            sum += e;
        }
        float inv = scale / sum;
        for (int j = 0; j < n; j++) {
            dz[dzOff + j] *= inv;
        }
        dz[dzOff + label] -= scale;
        return max + (float) Math.log(sum) - z[zOff + label];
    }
}
