package dev.nnc.ir.ops;

import dev.nnc.ir.Emitter;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.ShapeException;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.TensorType;
import java.util.List;

/** Ops that speak about derivatives rather than values. */
public final class Differentiation {

    private Differentiation() {}

    public static StopGradient stopGradient() {
        return new StopGradient();
    }

    public static Grad grad() {
        return new Grad();
    }

    /** The identity on values; differentiation treats its result as a constant. */
    public record StopGradient() implements Op {
        @Override
        public String name() {
            return "stop_gradient";
        }

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public TensorType infer(List<TensorType> operands) {
            return operands.get(0);
        }

        @Override
        public Tensor evaluate(List<Tensor> operands) {
            return operands.get(0);
        }

        @Override
        public int[] vjp(Emitter e, Node node, int g) {
            return new int[] {Emitter.NONE};
        }
    }

    /**
     * {@code grad(f, v)}: the derivative of scalar {@code f} with respect to {@code v}, shaped
     * like {@code v}. A placeholder in the graph: the differentiation pass replaces every Grad
     * node by the graph that computes it, so nothing ever evaluates one.
     */
    public record Grad() implements Op {
        @Override
        public String name() {
            return "grad";
        }

        @Override
        public int arity() {
            return 2;
        }

        @Override
        public TensorType infer(List<TensorType> operands) {
            TensorType f = operands.get(0);
            TensorType v = operands.get(1);
            FloatOperands.require(f, 0);
            if (!f.shape().isScalar()) {
                throw new ShapeException("grad needs a scalar function, found " + f.shape(), 0,
                        "reduce it to a scalar first, e.g. grad(sum(f), v)");
            }
            FloatOperands.require(v, 1);
            return v;
        }

        @Override
        public Tensor evaluate(List<Tensor> operands) {
            throw new UnsupportedOperationException(
                    "grad(f, v) is never evaluated: Differentiate.expandGrads replaces it by its gradient graph");
        }

        /** Never differentiated either: expansion replaces an inner grad before an outer one. */
        @Override
        public int[] vjp(Emitter e, Node node, int g) {
            throw new IllegalStateException(
                    "grad(f, v) has no derivative rule of its own: expand it with Differentiate.expandGrads first");
        }
    }
}
