package dev.nnc.runtime;

import java.nio.charset.StandardCharsets;

/**
 * Fills a param's storage with its first values. Shapes are given as plain sizes, so the
 * runtime stays independent of the compiler.
 *
 * <p>Fan-in and fan-out follow the {@code x @ W} convention of nnc programs, where a 2-D param
 * is {@code [in, out]}: it is PyTorch's rule with the first two dimensions swapped (PyTorch's
 * weights are {@code [out, in, ...]}). For shape {@code [d0, d1, d2, ...]} the receptive field
 * is {@code d2 * d3 * ...} (1 for rank 2), fan-in is {@code d0 * receptive} and fan-out is
 * {@code d1 * receptive}. A 1-D param has both equal to its length, a scalar both equal to 1.
 *
 * <p>The normal variants are plain normals, not truncated (as PyTorch's {@code xavier_normal_}
 * and {@code kaiming_normal_}; Keras truncates).
 */
public final class Initializers {

    private Initializers() {}

    /**
     * The seed of one param's generator: the model seed mixed with a stable hash of the
     * param's name (FNV-1a 64 over its UTF-8 bytes, then {@link Rng#mix64}). A param's values
     * depend on its name alone, so adding or reordering params never changes another's.
     */
    public static long seedFor(long modelSeed, String paramName) {
        long h = 0xCBF29CE484222325L; // FNV-1a 64 offset basis
        for (byte b : paramName.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001B3L; // FNV-1a 64 prime
        }
        return Rng.mix64(modelSeed ^ Rng.mix64(h));
    }

    public static void fill(double[] out, double value) {
        java.util.Arrays.fill(out, value);
    }

    public static void zeros(double[] out) {
        fill(out, 0.0);
    }

    public static void ones(double[] out) {
        fill(out, 1.0);
    }

    /** U[low, high): {@code low + (high - low) * u}. */
    public static void uniform(double[] out, double low, double high, Rng rng) {
        for (int i = 0; i < out.length; i++) {
            out[i] = low + (high - low) * rng.nextDouble();
        }
    }

    public static void normal(double[] out, double mean, double std, Rng rng) {
        for (int i = 0; i < out.length; i++) {
            out[i] = mean + std * rng.nextGaussian();
        }
    }

    /** U(-a, a) with a = sqrt(6 / (fan_in + fan_out)). */
    public static void glorotUniform(double[] out, int[] shape, Rng rng) {
        double a = Math.sqrt(6.0 / (fanIn(shape) + fanOut(shape)));
        uniform(out, -a, a, rng);
    }

    /** N(0, 2 / (fan_in + fan_out)). */
    public static void glorotNormal(double[] out, int[] shape, Rng rng) {
        normal(out, 0.0, Math.sqrt(2.0 / (fanIn(shape) + fanOut(shape))), rng);
    }

    /** U(-a, a) with a = sqrt(6 / fan_in): variance 2 / fan_in, for ReLU layers. */
    public static void heUniform(double[] out, int[] shape, Rng rng) {
        double a = Math.sqrt(6.0 / fanIn(shape));
        uniform(out, -a, a, rng);
    }

    /** N(0, 2 / fan_in). */
    public static void heNormal(double[] out, int[] shape, Rng rng) {
        normal(out, 0.0, Math.sqrt(2.0 / fanIn(shape)), rng);
    }

    public static long fanIn(int[] shape) {
        return switch (shape.length) {
            case 0 -> 1;
            case 1 -> shape[0];
            default -> (long) shape[0] * receptiveField(shape);
        };
    }

    public static long fanOut(int[] shape) {
        return switch (shape.length) {
            case 0 -> 1;
            case 1 -> shape[0];
            default -> (long) shape[1] * receptiveField(shape);
        };
    }

    private static long receptiveField(int[] shape) {
        long r = 1;
        for (int i = 2; i < shape.length; i++) {
            r *= shape[i];
        }
        return r;
    }
}
