package dev.nnc.interp;

import dev.nnc.ir.DType;
import dev.nnc.ir.Init;
import dev.nnc.ir.Shape;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.ops.Leaves;
import dev.nnc.runtime.Initializers;
import dev.nnc.runtime.TensorSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A param's first value, from the very code a generated model starts from: the param is
 * described as the runtime's {@link TensorSpec} and filled by
 * {@link Initializers#initialize}, so the interpreter and generated code start from the same
 * bits.
 */
public final class ParamValues {

    private ParamValues() {}

    /**
     * @param shape the param's shape; params have no symbolic dimensions
     * @param dtype the model's float type; for f32 every value is rounded to float, so the
     *     interpreter starts from the bits f32 generated code stores
     */
    public static Tensor initial(Leaves.Param p, Shape shape, long modelSeed, DType dtype) {
        TensorSpec spec = tensorSpec(p, shape, dtype);
        int[] sizes = shape.sizes();
        double[] v = new double[Math.toIntExact(shape.elementCount())];
        Initializers.initialize(spec, modelSeed, v);
        return new Tensor(sizes, v);
    }

    /**
     * The param as a compiled model's spec lists it: its initialiser's name
     * ({@link Initializers#KINDS}), arguments and literal values.
     *
     * @throws IllegalArgumentException when the shape is symbolic, the param has no
     *     initialiser, or its literal fits the shape neither exactly nor as one number
     */
    public static TensorSpec tensorSpec(Leaves.Param p, Shape shape, DType dtype) {
        if (!shape.isFixed()) {
            throw new IllegalArgumentException("param '" + p.paramName() + "' has symbolic shape " + shape);
        }
        Init init = p.init();
        if (init == null) {
            throw new IllegalArgumentException("param '" + p.paramName() + "' has no initialiser");
        }
        int[] sizes = shape.sizes();
        List<String> dims = new ArrayList<>();
        for (int d : sizes) {
            dims.add(Integer.toString(d));
        }
        double[] values = init instanceof Init.Literal l ? literal(sizes, l.value(), p.paramName()) : null;
        return new TensorSpec(TensorSpec.Role.PARAM, p.paramName(), dev.nnc.runtime.DType.valueOf(dtype.name()), dims,
                init.runtimeKind(), init.runtimeArguments(), values, null);
    }

    /** A literal of the param's shape, or one number to broadcast to it. */
    private static double[] literal(int[] sizes, Tensor literal, String name) {
        if (!java.util.Arrays.equals(literal.shape(), sizes) && literal.size() != 1) {
            throw new IllegalArgumentException("param '" + name + "' has shape " + Shape.of(sizes)
                    + " but its literal has shape " + Shape.of(literal.shape()));
        }
        return literal.data();
    }
}
