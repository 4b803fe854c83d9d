package dev.nnc.ir.ops;

import static dev.nnc.ir.ops.Scalar.Fn.ABS;
import static dev.nnc.ir.ops.Scalar.Fn.ADD;
import static dev.nnc.ir.ops.Scalar.Fn.EXP;
import static dev.nnc.ir.ops.Scalar.Fn.LOG1P;
import static dev.nnc.ir.ops.Scalar.Fn.MAX;
import static dev.nnc.ir.ops.Scalar.Fn.MUL;
import static dev.nnc.ir.ops.Scalar.Fn.NEG;
import static dev.nnc.ir.ops.Scalar.Fn.SUB;

import dev.nnc.ir.Op;
import dev.nnc.ir.Shape;
import dev.nnc.ir.ShapeException;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.TensorType;
import java.util.List;

/** Per-example losses computed from logits, in forms that stay finite for large logits. */
public final class Losses {

    private Losses() {}

    public static CrossEntropy crossEntropy() {
        return new CrossEntropy();
    }

    /**
     * Binary cross-entropy with logits z and targets t, elementwise and broadcast:
     * -[t log σ(z) + (1 - t) log(1 - σ(z))] rewritten as max(z, 0) - z t + log1p(exp(-|z|)),
     * whose exp never overflows. An elementwise op, so it fuses like any other.
     */
    public static Elementwise binaryCrossEntropy() {
        Scalar z = Scalar.arg(0);
        Scalar t = Scalar.arg(1);
        Scalar formula = ADD.of(SUB.of(MAX.of(z, Scalar.constant(0)), MUL.of(z, t)), LOG1P.of(EXP.of(NEG.of(ABS.of(z)))));
        return new Elementwise("binary_cross_entropy", "compute binary_cross_entropy of", formula);
    }

    /**
     * Softmax cross-entropy with integer labels: operands logits [N, C] (or [C]) and labels
     * int[N] (or int[]), result the loss of each example, [N] (or []). The loss is
     * -log_softmax(logits)[label], a primitive rather than a composite because a composite
     * would need a gather op and would lose log_softmax's stability.
     */
    public record CrossEntropy() implements Op {

        @Override
        public String name() {
            return "cross_entropy";
        }

        @Override
        public int arity() {
            return 2;
        }

        @Override
        public TensorType infer(List<TensorType> operands) {
            TensorType logits = operands.get(0);
            TensorType labels = operands.get(1);
            FloatOperands.require(logits, 0);
            if (labels.dtype().isFloat()) {
                throw new ShapeException("cross_entropy needs integer class labels, found a float tensor", 1,
                        "declare the labels as an integer tensor, e.g. input y: int[B]");
            }
            Shape shape = logits.shape();
            if (shape.rank() != 1 && shape.rank() != 2) {
                throw new ShapeException("cross_entropy needs logits of shape [N, C] or [C], found " + shape, 0, null);
            }
            Shape perExample = shape.rank() == 2 ? Shape.of(shape.dim(0)) : Shape.SCALAR;
            if (!labels.shape().equals(perExample)) {
                throw new ShapeException("cross_entropy of logits " + shape + " needs labels of shape " + perExample
                        + ", found " + labels, 1, "one label per example");
            }
            return new TensorType(logits.dtype(), perExample);
        }

        @Override
        public Tensor evaluate(List<Tensor> operands) {
            Tensor logits = operands.get(0);
            Tensor labels = operands.get(1);
            boolean batched = logits.rank() == 2;
            int classes = logits.dim(logits.rank() - 1);
            Tensor logProbabilities = Softmax.logSoftmax(-1).evaluate(List.of(logits));
            double[] loss = new double[labels.size()];
            for (int n = 0; n < loss.length; n++) {
                double label = labels.get(n);
                String example = batched ? " (example " + n + ")" : "";
                if (label != Math.rint(label)) {
                    throw new IllegalArgumentException("label " + label + " is not a class number" + example);
                }
                if (label < 0 || label >= classes) {
                    throw new IllegalArgumentException("label " + (long) label + " is out of range for " + classes
                            + " classes" + example);
                }
                // 0 - x rather than -x: a certain prediction costs 0.0, not -0.0.
                loss[n] = 0.0 - logProbabilities.get(n * classes + (int) label);
            }
            return new Tensor(labels.shape(), loss);
        }
    }
}
