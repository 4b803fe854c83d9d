package dev.nnc.ir;

/**
 * How a param gets its first value. Every random initialiser is seeded from the model's seed
 * and the param's name, so the same program and seed give the same bits.
 *
 * <p>Fan-in and fan-out follow the {@code x @ W} convention of the examples: for a 2-D param
 * of shape {@code [in, out]} fan-in is {@code in} and fan-out is {@code out}; for higher ranks
 * the trailing dimensions multiply into both as receptive field; for a 1-D param both are its
 * length.
 */
public sealed interface Init {

    /** As the IR text prints it. */
    String describe();

    /** The runtime initialiser that computes it: its kind in a model's spec ({@code TensorSpec}). */
    String runtimeKind();

    /** The runtime initialiser's arguments ({@code low, high} or {@code mean, std}), or null for none. */
    default double[] runtimeArguments() {
        return null;
    }

    record Zeros() implements Init {
        public String describe() {
            return "zeros";
        }

        public String runtimeKind() {
            return "zeros";
        }
    }

    record Ones() implements Init {
        public String describe() {
            return "ones";
        }

        public String runtimeKind() {
            return "ones";
        }
    }

    /** A literal written in the source, already checked against the declared shape. */
    record Literal(Tensor value) implements Init {
        public String describe() {
            return value.size() <= 8 ? value.toString() : "literal";
        }

        public String runtimeKind() {
            return "literal";
        }
    }

    record Uniform(double low, double high) implements Init {
        public String describe() {
            return "uniform(" + low + ", " + high + ")";
        }

        public String runtimeKind() {
            return "uniform";
        }

        @Override
        public double[] runtimeArguments() {
            return new double[] {low, high};
        }
    }

    record Normal(double mean, double std) implements Init {
        public String describe() {
            return "normal(" + mean + ", " + std + ")";
        }

        public String runtimeKind() {
            return "normal";
        }

        @Override
        public double[] runtimeArguments() {
            return new double[] {mean, std};
        }
    }

    /** U(-a, a) with a = sqrt(6 / (fan_in + fan_out)). */
    record GlorotUniform() implements Init {
        public String describe() {
            return "glorot_uniform";
        }

        public String runtimeKind() {
            return "glorot_uniform";
        }
    }

    /** N(0, 2 / (fan_in + fan_out)). */
    record GlorotNormal() implements Init {
        public String describe() {
            return "glorot_normal";
        }

        public String runtimeKind() {
            return "glorot_normal";
        }
    }

    /** U(-a, a) with a = sqrt(6 / fan_in). */
    record HeUniform() implements Init {
        public String describe() {
            return "he_uniform";
        }

        public String runtimeKind() {
            return "he_uniform";
        }
    }

    /** N(0, 2 / fan_in). */
    record HeNormal() implements Init {
        public String describe() {
            return "he_normal";
        }

        public String runtimeKind() {
            return "he_normal";
        }
    }
}
