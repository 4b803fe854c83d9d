package dev.nnc.runtime.data;

import dev.nnc.runtime.DType;
/**
 * Per-feature standardisation, {@code (v - mean) / std}, with the mean and standard
 * deviation of each value position measured on the training split and then applied
 * unchanged to validation and test data: measuring them on all the data would leak the
 * held-out examples into training.
 *
 * <p>The standard deviation is the population one (divide by N). A feature that is constant
 * in the training data (a border pixel that is always 0) is only centred: dividing by its
 * zero deviation would make NaNs.
 */
public final class Standardizer {
    private final double[] mean;
    private final double[] std;

    private Standardizer(double[] mean, double[] std) {
        this.mean = mean;
        this.std = std;
    }

    /**
     * A standardizer from statistics measured before (read back from a weights file, say), so
     * that data seen later is standardised exactly as the training data was.
     */
    public static Standardizer of(double[] mean, double[] std) {
        if (mean.length != std.length) {
            throw new IllegalArgumentException(mean.length + " means but " + std.length + " deviations");
        }
        return new Standardizer(mean.clone(), std.clone());
    }

    /** Measures each feature of a float field. Two passes, in double, for accuracy. */
    public static Standardizer fit(Field features) {
        int w = features.width();
        int n = features.size();
        if (features.type() == DType.I32) {
            throw new IllegalArgumentException(features.source() + ": cannot standardise int values");
        }
        double[] mean = new double[w];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < w; j++) {
                mean[j] += features.get(i * w + j);
            }
        }
        for (int j = 0; j < w; j++) {
            mean[j] /= n;
        }
        double[] var = new double[w];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < w; j++) {
                double d = features.get(i * w + j) - mean[j];
                var[j] += d * d;
            }
        }
        double[] std = new double[w];
        for (int j = 0; j < w; j++) {
            std[j] = Math.sqrt(var[j] / n);
        }
        return new Standardizer(mean, std);
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] std() {
        return std.clone();
    }

    /** The field's values standardised, in a new field of the same type and shape. */
    public Field apply(Field features) {
        int w = mean.length;
        if (features.width() != w) {
            throw new DataException("examples in " + features.source() + " have " + features.width()
                    + " values, but the standardisation was measured on examples of " + w);
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
