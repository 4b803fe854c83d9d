package dev.nnc.interp;

import dev.nnc.ir.DType;
import dev.nnc.ir.Init;
import dev.nnc.ir.Shape;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.ops.Leaves;
import dev.nnc.runtime.Initializers;
import dev.nnc.runtime.Rng;

/**
 * A param's first value, drawn with the runtime's seeded initialisers, the same calls a
 * generated model makes, so the interpreter and generated code start from the same numbers.
 */
public final class ParamValues {

    private ParamValues() {}

    /**
     * @param shape the param's shape; params have no symbolic dimensions
     * @param dtype the model's float type; for f32 every value is rounded to float, so the
     *     interpreter starts from the bits f32 generated code stores
     */
    public static Tensor initial(Leaves.Param p, Shape shape, long modelSeed, DType dtype) {
        if (!shape.isFixed()) {
            throw new IllegalArgumentException("param '" + p.paramName() + "' has symbolic shape " + shape);
        }
        int[] sizes = shape.sizes();
        double[] v = new double[Math.toIntExact(shape.elementCount())];
        fill(v, sizes, p, modelSeed);
        if (dtype == DType.F32) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) v[i];
            }
        }
        return new Tensor(sizes, v);
    }

    private static void fill(double[] v, int[] sizes, Leaves.Param p, long modelSeed) {
        Init init = p.init();
        if (init == null) {
            throw new IllegalArgumentException("param '" + p.paramName() + "' has no initialiser");
        }
        Rng rng = new Rng(Initializers.seedFor(modelSeed, p.paramName()));
        if (init instanceof Init.Zeros) {
            Initializers.zeros(v);
        } else if (init instanceof Init.Ones) {
            Initializers.ones(v);
        } else if (init instanceof Init.Literal l) {
            fillLiteral(v, sizes, l.value(), p.paramName());
        } else if (init instanceof Init.Uniform u) {
            Initializers.uniform(v, u.low(), u.high(), rng);
        } else if (init instanceof Init.Normal n) {
            Initializers.normal(v, n.mean(), n.std(), rng);
        } else if (init instanceof Init.GlorotUniform) {
            Initializers.glorotUniform(v, sizes, rng);
        } else if (init instanceof Init.GlorotNormal) {
            Initializers.glorotNormal(v, sizes, rng);
        } else if (init instanceof Init.HeUniform) {
            Initializers.heUniform(v, sizes, rng);
        } else if (init instanceof Init.HeNormal) {
            Initializers.heNormal(v, sizes, rng);
        } else {
            throw new AssertionError("no initialiser for " + init.describe());
        }
    }

    /** A literal of the param's shape, or one number broadcast to it. */
    private static void fillLiteral(double[] v, int[] sizes, Tensor literal, String name) {
        if (java.util.Arrays.equals(literal.shape(), sizes)) {
            System.arraycopy(literal.data(), 0, v, 0, v.length);
        } else if (literal.size() == 1) {
            Initializers.fill(v, literal.get(0));
        } else {
            throw new IllegalArgumentException("param '" + name + "' has shape " + Shape.of(sizes)
                    + " but its literal has shape " + Shape.of(literal.shape()));
        }
    }
}
