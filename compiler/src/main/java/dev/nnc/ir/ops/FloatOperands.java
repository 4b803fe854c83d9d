package dev.nnc.ir.ops;

import dev.nnc.ir.DType;
import dev.nnc.ir.ShapeException;
import dev.nnc.ir.TensorType;
import java.util.List;

/** The dtype rule of every op that computes on floats. */
final class FloatOperands {

    static final String INTEGER_USED_AS_FLOAT = "integer tensor used where a float is needed";
    static final String INTEGER_HINT = "integer tensors hold class labels; pass them as the labels of cross_entropy";

    private FloatOperands() {}

    /** Fails, naming operand {@code index}, unless {@code type} is a float type. */
    static void require(TensorType type, int index) {
        if (!type.dtype().isFloat()) {
            throw new ShapeException(INTEGER_USED_AS_FLOAT, index, INTEGER_HINT);
        }
    }

    /**
     * The float type all of {@code operands} share. A model computes in one float type, so
     * operands of two float types can only come from a bug in the compiler, not the program.
     */
    static DType common(String op, List<TensorType> operands) {
        DType dtype = null;
        for (int i = 0; i < operands.size(); i++) {
            TensorType t = operands.get(i);
            require(t, i);
            if (dtype == null) {
                dtype = t.dtype();
            } else if (dtype != t.dtype()) {
                throw new IllegalStateException("operands of " + op + " mix " + dtype + " and " + t.dtype()
                        + "; a model computes in one float type, so this is a compiler bug");
            }
        }
        return dtype;
    }
}
