package dev.nnc.ir.ops;

import dev.nnc.ir.DType;
import dev.nnc.ir.Init;
import dev.nnc.ir.Op;
import dev.nnc.ir.Shape;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.TensorType;
import java.util.List;

/**
 * Nodes without operands: data fed per step, trainable params, and frozen constants. Their
 * values come from outside the graph, so they have no evaluation rule of their own: the
 * interpreter looks them up.
 */
public final class Leaves {

    private Leaves() {}

    /** Marks the ops whose value is supplied rather than computed. */
    public sealed interface Leaf extends Op {
        TensorType type();

        @Override
        default int arity() {
            return 0;
        }

        @Override
        default TensorType infer(List<TensorType> operands) {
            return type();
        }
    }

    /** {@code input NAME: TYPE [= default]}; {@code defaultValue} may be null. */
    public record Input(String inputName, TensorType type, Tensor defaultValue) implements Leaf {
        @Override
        public String name() {
            return "input " + inputName;
        }

        @Override
        public Tensor evaluate(List<Tensor> operands) {
            throw new UnsupportedOperationException("input '" + inputName + "' is fed, not computed");
        }
    }

    /** {@code param NAME: TYPE = INIT}. */
    public record Param(String paramName, TensorType type, Init init) implements Leaf {
        @Override
        public String name() {
            return "param " + paramName;
        }

        @Override
        public Tensor evaluate(List<Tensor> operands) {
            throw new UnsupportedOperationException("param '" + paramName + "' is stored, not computed");
        }
    }

    /** A frozen tensor: a {@code const} declaration or a number written in an expression. */
    public record Constant(Tensor value, DType dtype) implements Leaf {
        public static Constant scalar(double v, DType dtype) {
            return new Constant(Tensor.scalar(v), dtype);
        }

        @Override
        public TensorType type() {
            return new TensorType(dtype, Shape.of(value.shape()));
        }

        @Override
        public String name() {
            return "const " + (value.size() <= 4 ? value.toString() : Shape.of(value.shape()).toString());
        }

        @Override
        public Tensor evaluate(List<Tensor> operands) {
            return value;
        }
    }
}
