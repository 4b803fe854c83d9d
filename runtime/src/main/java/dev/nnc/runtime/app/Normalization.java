package dev.nnc.runtime.app;

import dev.nnc.runtime.data.DataException;
import dev.nnc.runtime.data.Field;
import dev.nnc.runtime.data.Standardizer;

/**
 * The per-feature mean and standard deviation that {@code --normalize} measured on the training
 * split, kept so that validation, test, eval and predict data are standardised exactly as the
 * training data was: {@code (v - mean) * (1 / std)}, a feature with no spread only centred.
 *
 * <p>{@link Standardizer} measures and applies; this record is what a weights file keeps of it.
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
        return Standardizer.of(mean, std).apply(features);
    }
}
