package dev.nnc.runtime.app;

import dev.nnc.runtime.DType;
import dev.nnc.runtime.data.DataException;
import dev.nnc.runtime.data.Field;
import dev.nnc.runtime.data.Standardizer;

/**
 * The per-feature mean and standard deviation that {@code --normalize} measured on the training
 * split, kept so that validation, test, eval and predict data are standardised exactly as the
 * training data was: {@code (v - mean) * (1 / std)}, a feature with no spread only centred.
 *
 * <p>{@link Standardizer} measures; this applies, with the same arithmetic as
 * {@link Standardizer#apply}, because a Standardizer cannot be rebuilt from statistics read back
 * out of a weights file.
 */
record Normalization(double[] mean, double[] std) {

    static Normalization fit(Field features) {
        Standardizer s = Standardizer.fit(features);
        return new Normalization(s.mean(), s.std());
    }

    Field apply(Field features) {
        int w = mean.length;
        if (features.width() != w) {
            throw new DataException("examples in " + features.source() + " have " + features.width()
                    + " values, but the normalisation was measured on examples of " + w);
        }
        double[] inv = new double[w];
        for (int j = 0; j < w; j++) {
            inv[j] = std[j] > 0 ? 1 / std[j] : 1;
        }
        int n = features.size() * w;
        int[] shape = features.exampleShape();
        if (features.type() == DType.F32) {
            float[] out = new float[n];
            for (int i = 0; i < n; i++) {
                int j = i % w;
                out[i] = (float) ((features.get(i) - mean[j]) * inv[j]);
            }
            return Field.ofFloats(features.source(), out, shape);
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int j = i % w;
            out[i] = (features.get(i) - mean[j]) * inv[j];
        }
        return Field.ofDoubles(features.source(), out, shape);
    }
}
