package dev.nnc.ir.ops;

import static dev.nnc.ir.ops.Scalar.Fn.ABS;
import static dev.nnc.ir.ops.Scalar.Fn.ADD;
import static dev.nnc.ir.ops.Scalar.Fn.EXP;
import static dev.nnc.ir.ops.Scalar.Fn.LOG1P;
import static dev.nnc.ir.ops.Scalar.Fn.MAX;
import static dev.nnc.ir.ops.Scalar.Fn.MUL;
import static dev.nnc.ir.ops.Scalar.Fn.NEG;
import static dev.nnc.ir.ops.Scalar.Fn.SUB;

import dev.nnc.ir.Emitter;
import dev.nnc.ir.Node;
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

    public static OneHot oneHot() {
        return new OneHot();
    }

    /**
     * Binary cross-entropy with logits z and targets t, elementwise and broadcast:
     * -[t log σ(z) + (1 - t) log(1 - σ(z))] rewritten as max(z, 0) - z t + log1p(exp(-|z|)),
     * whose exp never overflows. An elementwise op, so it fuses like any other.
     *
     * <p>Stated derivatives: ∂/∂z = σ(z) - t, exact at z = ±1000 and finite there to every
     * order (the derived one would go through max and |z| and split ties at z = 0);
     * ∂/∂t = -z.
     */
    public static Elementwise binaryCrossEntropy() {
        Scalar z = Scalar.arg(0);
        Scalar t = Scalar.arg(1);
        Scalar formula = ADD.of(SUB.of(MAX.of(z, Scalar.constant(0)), MUL.of(z, t)), LOG1P.of(EXP.of(NEG.of(ABS.of(z)))));
        return new Elementwise("binary_cross_entropy", "compute binary_cross_entropy of", formula,
                List.of(SUB.of(Elementwise.stableSigmoid(z), t), NEG.of(z)));
    }

    /** The class of example {@code n}, checked to be a whole number in [0, classes). */
    private static int label(Tensor labels, int n, int classes, boolean batched) {
        double label = labels.get(n);
        String example = batched ? " (example " + n + ")" : "";
        if (label != Math.rint(label)) {
            throw new IllegalArgumentException("label " + label + " is not a class number" + example);
        }
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException("label " + (long) label + " is out of range for " + classes
                    + " classes" + example);
        }
        return (int) label;
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
                int label = label(labels, n, classes, batched);
                // 0 - x rather than -x: a certain prediction costs 0.0, not -0.0.
                loss[n] = 0.0 - logProbabilities.get(n * classes + label);
            }
            return new Tensor(labels.shape(), loss);
        }

        /**
         * d logits = (softmax(logits) - onehot(labels)) g, g broadcast over the class axis;
         * the labels are integers and get nothing. The softmax is recomputed from the logits
         * (CSE shares it with a forward softmax of the same logits, if there is one).
         */
        @Override
        public int[] vjp(Emitter e, Node node, int g) {
            int logits = node.input(0);
            int probabilities = e.apply(Softmax.softmax(-1), logits);
            int target = e.apply(oneHot(), node.input(1), logits);
            int perClass = e.broadcastLike(g, logits, new int[] {-1});
            return new int[] {e.mul(e.sub(probabilities, target), perClass), Emitter.NONE};
        }
    }

    /**
     * {@code one_hot(labels, like)}: a float tensor shaped like {@code like} ([N, C] or [C]),
     * 1 at each example's label and 0 elsewhere. {@code like} gives only the shape and type,
     * so the class count needs no attribute. Not in the language: cross_entropy's derivative
     * uses it. Piecewise constant in everything, so it passes no gradient.
     */
    public record OneHot() implements Op {

        @Override
        public String name() {
            return "one_hot";
        }

        @Override
        public int arity() {
            return 2;
        }

        @Override
        public TensorType infer(List<TensorType> operands) {
            TensorType labels = operands.get(0);
            TensorType like = operands.get(1);
            FloatOperands.require(like, 1);
            if (labels.dtype().isFloat()) {
                throw new ShapeException("one_hot needs integer class labels, found a float tensor", 0, null);
            }
            Shape shape = like.shape();
            if (shape.rank() != 1 && shape.rank() != 2) {
                throw new ShapeException("one_hot needs a shape [N, C] or [C], found " + shape, 1, null);
            }
            Shape perExample = shape.rank() == 2 ? Shape.of(shape.dim(0)) : Shape.SCALAR;
            if (!labels.shape().equals(perExample)) {
                throw new ShapeException("one_hot to " + shape + " needs labels of shape " + perExample
                        + ", found " + labels, 0, null);
            }
            return like;
        }

        @Override
        public Tensor evaluate(List<Tensor> operands) {
            Tensor labels = operands.get(0);
            int[] shape = operands.get(1).shape();
            int classes = shape[shape.length - 1];
            double[] out = new double[Math.toIntExact(Tensor.count(shape))];
            for (int n = 0; n < labels.size(); n++) {
                out[n * classes + label(labels, n, classes, shape.length == 2)] = 1;
            }
            return new Tensor(shape, out);
        }

        @Override
        public int[] vjp(Emitter e, Node node, int g) {
            return new int[] {Emitter.NONE, Emitter.NONE};
        }
    }
}
