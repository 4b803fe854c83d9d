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

    /** The initialiser kinds {@link #initialize} knows, as {@link TensorSpec#init} names them. */
    public static final java.util.List<String> KINDS = java.util.List.of("zeros", "ones", "literal", "uniform", "normal",
            "glorot_uniform", "glorot_normal", "he_uniform", "he_normal");

    /**
     * A param's first values, the ones both a generated model and the interpreter start from:
     * {@code param.init()} applied to the param's fixed shape, drawing from
     * {@code new Rng(seedFor(modelSeed, param.name()))}. A {@code literal} param's values are
     * copied, or its one value broadcast. For an f32 param every value is then rounded to float,
     * so {@code out} holds exactly what an f32 model stores.
     *
     * @param out receives the values; its length must be the param's element count
     * @throws IllegalArgumentException when the param has no or an unknown initialiser, the
     *     wrong number of initialiser arguments, a literal of another size, or a symbolic shape
     */
    public static void initialize(TensorSpec param, long modelSeed, double[] out) {
        String name = param.name();
        if (!param.isFixed()) {
            throw new IllegalArgumentException("param '" + name + "' has symbolic shape " + param.shapeText()
                    + "; a param's shape must be fixed");
        }
        int[] shape = param.fixedShape();
        long count = TensorData.elementCount(shape);
        if (count != out.length) {
            throw new IllegalArgumentException("param '" + name + "' of shape " + param.shapeText() + " has " + count
                    + " values, but the array for them holds " + out.length);
        }
        String init = param.init();
        if (init == null) {
            throw new IllegalArgumentException("param '" + name + "' has no initialiser");
        }
        double[] args = param.initArgs();
        int arity = init.equals("uniform") || init.equals("normal") ? 2 : 0;
        if (args.length != arity && KINDS.contains(init)) {
            throw new IllegalArgumentException("param '" + name + "' has initialiser " + init + ", which takes " + arity
                    + " arguments, but was given " + args.length);
        }
        Rng rng = new Rng(seedFor(modelSeed, name));
        switch (init) {
            case "zeros" -> zeros(out);
            case "ones" -> ones(out);
            case "literal" -> literal(param, out);
            case "uniform" -> uniform(out, args[0], args[1], rng);
            case "normal" -> normal(out, args[0], args[1], rng);
            case "glorot_uniform" -> glorotUniform(out, shape, rng);
            case "glorot_normal" -> glorotNormal(out, shape, rng);
            case "he_uniform" -> heUniform(out, shape, rng);
            case "he_normal" -> heNormal(out, shape, rng);
            default -> throw new IllegalArgumentException("param '" + name + "' has unknown initialiser '" + init
                    + "'" + Spelling.didYouMean(init, KINDS) + " (known: " + String.join(", ", KINDS) + ")");
        }
        if (param.dtype() == DType.F32) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) out[i];
            }
        }
    }

    /** A literal of the param's size, or one number broadcast to it. */
    private static void literal(TensorSpec param, double[] out) {
        double[] v = param.values();
        if (v == null) {
            throw new IllegalArgumentException("param '" + param.name() + "' is a literal without values");
        }
        if (v.length == out.length) {
            System.arraycopy(v, 0, out, 0, out.length);
        } else if (v.length == 1) {
            fill(out, v[0]);
        } else {
            throw new IllegalArgumentException("param '" + param.name() + "' has shape " + param.shapeText() + " ("
                    + out.length + " values) but its literal has " + v.length + " values");
        }
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
