package dev.nnc.autodiff;

import dev.nnc.interp.Evaluation;
import dev.nnc.interp.Interpreter;
import dev.nnc.ir.Dim;
import dev.nnc.ir.Model;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.ShapeException;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.ops.Elementwise;
import dev.nnc.ir.ops.Losses;
import dev.nnc.ir.ops.MatMul;
import dev.nnc.ir.ops.Reductions;
import dev.nnc.ir.ops.Shapes;
import dev.nnc.ir.ops.Softmax;
import dev.nnc.testing.GradientFixture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A random well-typed composition of ops, decoded from a list of integers (one per step, so
 * that a failing case shrinks to fewer and smaller steps). Each step applies one op family to
 * values already built; a step whose operands do not fit is skipped. Domains are respected by
 * construction (log of a sigmoid, a denominator in [1, 3]); kinks and ties are checked on the
 * evaluated values afterwards ({@link #awayFromKinks}).
 */
final class RandomComposition {
    private static final int FAMILIES = 12;
    private static final Op[] SMOOTH = {Elementwise.tanh(), Elementwise.sigmoid(), Elementwise.sin(),
        Elementwise.cos(), Elementwise.softplus(), Elementwise.gelu(), Elementwise.exp(), Elementwise.neg()};
    private static final Op[] BINARY = {Elementwise.add(), Elementwise.sub(), Elementwise.mul(),
        Elementwise.maximum(), Elementwise.minimum()};
    private static final Op[] KINKED = {Elementwise.relu(), Elementwise.abs(), Elementwise.leakyRelu(0.1),
        Elementwise.elu(1.0)};

    final GradientFixture fixture;
    final List<Node> values = new ArrayList<>();
    final Node out;
    private final List<String> steps = new ArrayList<>();
    private int labels;

    RandomComposition(List<Integer> choices, int m, int n, boolean symbolic, long seed) {
        fixture = new GradientFixture(seed);
        Object rows = symbolic ? "B" : (Object) m;
        values.add(fixture.input("x0", fixture.between(-1.5, 1.5, m, n), rows, n));
        values.add(fixture.input("x1", fixture.between(-1.5, 1.5, n)));
        values.add(fixture.input("x2", fixture.between(-1.5, 1.5)));
        values.add(fixture.input("x3", fixture.between(-1.5, 1.5, m, 1), rows, 1));
        for (int choice : choices) {
            Node made = step(choice);
            if (made != null) {
                values.add(made);
            }
        }
        out = values.get(values.size() - 1);
    }

    /** What the steps built, for a failure message. */
    @Override
    public String toString() {
        return String.join("; ", steps);
    }

    private Node step(int choice) {
        int family = choice % FAMILIES;
        int r = choice / FAMILIES;
        Node a = values.get(r % values.size());
        Node b = values.get((r / 7) % values.size());
        int variant = r / 49;
        try {
            Node made = switch (family) {
                case 0 -> apply(SMOOTH[variant % SMOOTH.length], a);
                case 1 -> apply(BINARY[variant % BINARY.length], a, b);
                case 2 -> apply(Elementwise.div(), a,
                        apply(Elementwise.add(), fixture.constant(Tensor.scalar(2)), apply(Elementwise.tanh(), b)));
                case 3 -> reduce(a, variant);
                case 4 -> a.shape().rank() == 0 ? null
                        : apply(new Softmax(axis(a, variant / 2), variant % 2 == 0), a);
                case 5 -> matmul(a, b);
                case 6 -> a.shape().rank() == 2 ? apply(Shapes.transpose(), a)
                        : a.shape().rank() == 1 ? apply(Shapes.reshape(List.of(Dim.of(1), Dim.of(1)), 0), a) : null;
                case 7 -> apply(KINKED[variant % KINKED.length], a);
                case 8 -> variant % 2 == 0 ? apply(Elementwise.log(), apply(Elementwise.sigmoid(), a))
                        : apply(Elementwise.sqrt(), apply(Elementwise.add(), apply(Elementwise.mul(), a, a),
                                fixture.constant(Tensor.scalar(0.5))));
                case 9 -> crossEntropy(a);
                case 10 -> apply(Losses.binaryCrossEntropy(), a, apply(Elementwise.sigmoid(), b));
                default -> variant % 2 == 0
                        ? apply(Elementwise.pow(), apply(Elementwise.add(), apply(Elementwise.softplus(), a),
                                fixture.constant(Tensor.scalar(0.5))), apply(Elementwise.tanh(), b))
                        : apply(Elementwise.pow(), a, fixture.constant(Tensor.scalar(2 + variant % 3)));
            };
            if (made != null) {
                steps.add("%" + made.id() + " = " + made.op().name() + made.inputs());
            }
            return made;
        } catch (ShapeException e) {
            return null; // operands that do not fit: skip the step
        }
    }

    private Node apply(Op op, Node... in) {
        return fixture.apply(op, in);
    }

    private static int axis(Node a, int variant) {
        int rank = a.shape().rank();
        return variant % (2 * rank) - rank;
    }

    private Node reduce(Node a, int variant) {
        Reductions.Kind kind = Reductions.Kind.values()[variant % Reductions.Kind.values().length];
        int rank = a.shape().rank();
        int which = variant / 5;
        int[] axes = which % 3 == 0 || rank == 0 ? null
                : which % 3 == 1 ? new int[] {axis(a, which / 3)} : rankAxes(rank);
        boolean keepdims = (which / 2) % 2 == 1;
        return apply(new Reductions.Reduce(kind, axes == null ? null : Arrays.stream(axes).boxed().toList(), keepdims), a);
    }

    private static int[] rankAxes(int rank) {
        int[] all = new int[rank];
        for (int i = 0; i < rank; i++) {
            all[i] = rank - 1 - i;
        }
        return all;
    }

    private Node matmul(Node a, Node b) {
        try {
            return apply(MatMul.matmul(), a, b);
        } catch (ShapeException e) {
            if (b.shape().rank() != 2) {
                throw e;
            }
            return apply(MatMul.matmul(), a, apply(Shapes.transpose(), b));
        }
    }

    private Node crossEntropy(Node logits) {
        int rank = logits.shape().rank();
        if (rank != 1 && rank != 2 || !logits.shape().dim(rank - 1).isFixed()) {
            return null;
        }
        int classes = logits.shape().dim(rank - 1).size();
        Object[] dims = rank == 1 ? new Object[0] : new Object[] {spelling(logits.shape().dim(0))};
        int rows = rank == 1 ? 1 : fixture.feeds().get("x0").dim(0);
        if (rank == 2 && logits.shape().dim(0).isFixed()) {
            rows = logits.shape().dim(0).size();
        }
        Tensor value = fixture.classes(classes, rank == 1 ? new int[0] : new int[] {rows});
        return apply(Losses.crossEntropy(), logits, fixture.labels("y" + labels++, value, dims));
    }

    private static Object spelling(Dim d) {
        return d.isFixed() ? (Object) d.size() : d.toString();
    }

    /**
     * True when no kinked op sees an operand within 1e-2 of its kink, no maximum or minimum
     * compares values within 1e-2, no max or min reduction has two candidates within 1e-2,
     * and every value is moderate (finite, below 1e3), so finite differences are meaningful.
     */
    boolean awayFromKinks() {
        Model model = fixture.model(out);
        Evaluation e = Interpreter.run(model, fixture.feeds());
        for (Node node : model.graph().nodes()) {
            Tensor v = e.value(node.id());
            for (double x : v.data()) {
                if (!Double.isFinite(x) || Math.abs(x) > 1e3) {
                    return false;
                }
            }
            Op op = node.op();
            if (Arrays.asList(KINKED).contains(op) && near(e.value(node.input(0)), 0)) {
                return false;
            }
            if (op.equals(Elementwise.maximum()) || op.equals(Elementwise.minimum())) {
                Tensor gap = Elementwise.sub().evaluate(List.of(e.value(node.input(0)), e.value(node.input(1))));
                if (near(gap, 0)) {
                    return false;
                }
            }
            if (op instanceof Reductions.Reduce r
                    && (r.kind() == Reductions.Kind.MAX || r.kind() == Reductions.Kind.MIN)) {
                Tensor x = e.value(node.input(0));
                Tensor best = new Reductions.Reduce(r.kind(), r.axes(), true).evaluate(List.of(x));
                Tensor gap = Elementwise.sub().evaluate(List.of(x, best));
                double[] close = new double[gap.size()];
                for (int i = 0; i < close.length; i++) {
                    close[i] = Math.abs(gap.get(i)) < 1e-2 ? 1 : 0;
                }
                Tensor candidates = new Reductions.Reduce(Reductions.Kind.SUM, r.axes(), true)
                        .evaluate(List.of(new Tensor(x.shape(), close)));
                for (double c : candidates.data()) {
                    if (c > 1) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static boolean near(Tensor t, double kink) {
        for (double x : t.data()) {
            if (Math.abs(x - kink) < 1e-2) {
                return true;
            }
        }
        return false;
    }
}
