package dev.nnc.ir.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.autodiff.Differentiate;
import dev.nnc.interp.Interpreter;
import dev.nnc.ir.Node;
import dev.nnc.ir.Tensor;
import dev.nnc.testing.GradientFixture;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every reduction's VJP against finite differences, for every axis argument. */
class ReductionGradientTest {

    /** Axis arguments for a rank-2 operand: all, each axis, negative, lists. */
    private static final List<int[]> AXES_2D = Arrays.asList(null, new int[] {0}, new int[] {1}, new int[] {-1},
            new int[] {-2}, new int[] {0, 1}, new int[] {1, 0}, new int[] {-1, 0});

    private static Reductions.Reduce reduce(Reductions.Kind kind, int[] axes, boolean keepdims) {
        return new Reductions.Reduce(kind, axes == null ? null : Arrays.stream(axes).boxed().toList(), keepdims);
    }

    /** Max and min need one clear winner per slice; the others take any values. */
    private static Tensor values(GradientFixture f, Reductions.Kind kind, int... shape) {
        return kind == Reductions.Kind.MAX || kind == Reductions.Kind.MIN ? f.distinct(shape) : f.uniform(shape);
    }

    @ParameterizedTest
    @EnumSource(Reductions.Kind.class)
    void everyAxisArgument(Reductions.Kind kind) {
        int seed = 0;
        for (int[] axes : AXES_2D) {
            for (boolean keepdims : new boolean[] {false, true}) {
                for (int point = 0; point < 2; point++) {
                    GradientFixture f = new GradientFixture(seed++);
                    Node x = f.input("x", values(f, kind, 2, 3));
                    f.assertGradients(f.apply(reduce(kind, axes, keepdims), x));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Reductions.Kind.class)
    void rank3AndSymbolicDimensions(Reductions.Kind kind) {
        for (int[] axes : Arrays.asList(new int[] {0, 2}, new int[] {1}, null, new int[] {-3})) {
            for (boolean keepdims : new boolean[] {false, true}) {
                GradientFixture f = new GradientFixture(Arrays.hashCode(axes) + (keepdims ? 1 : 0));
                f.assertGradients(f.apply(reduce(kind, axes, keepdims), f.input("x", values(f, kind, 2, 3, 2))));
                // [B, 3] with B bound by the input: mean must count B's elements at run time.
                GradientFixture b = new GradientFixture(Arrays.hashCode(axes) + 7);
                Node x = b.input("x", values(b, kind, 4, 3, 2), "B", 3, 2);
                b.assertGradients(b.apply(reduce(kind, axes, keepdims), x));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Reductions.Kind.class)
    void vectorsAndScalars(Reductions.Kind kind) {
        GradientFixture f = new GradientFixture(3);
        f.assertGradients(f.apply(reduce(kind, null, false), f.input("x", values(f, kind, 5))));
        GradientFixture s = new GradientFixture(4);
        s.assertGradients(s.apply(reduce(kind, null, false), s.input("x", Tensor.scalar(0.7))));
    }

    @Test
    void maxAndMinSplitTiesEvenly() {
        assertArrayEquals(new double[] {0, 0.5, 0.5, 1, 0, 0}, gradient(Reductions.max(new int[] {1}, false),
                Tensor.matrix(new double[] {1, 3, 3}, new double[] {4, 2, -1})));
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, gradient(Reductions.min(null, false),
                Tensor.vector(2, 2, 2)));
        assertArrayEquals(new double[] {0.5, 0, 0.5}, gradient(Reductions.max(null, true), Tensor.vector(5, -5, 5)));
    }

    @Test
    void meanDividesByTheCountAtRunTime() {
        for (int b : new int[] {2, 5}) {
            GradientFixture f = new GradientFixture(b);
            Node x = f.input("x", f.uniform(b, 3), "B", 3);
            Node loss = f.apply(Reductions.mean(null, false), x);
            f.graph().bind("loss", loss.id());
            Tensor dx = Interpreter.run(Differentiate.gradients(f.model(loss), "loss").model(), f.feeds())
                    .value("dloss/dx");
            double[] expected = new double[b * 3];
            Arrays.fill(expected, 1.0 / (b * 3));
            assertArrayEquals(expected, dx.data(), 1e-15);
        }
    }

    @Test
    void countIsTheNumberOfReducedElements() {
        Tensor x = Tensor.zeros(2, 3, 4);
        assertEquals(24.0, Reductions.count(null).evaluate(List.of(x)).item());
        assertEquals(8.0, Reductions.count(new int[] {0, -1}).evaluate(List.of(x)).item());
        assertEquals("count(axis=1)", Reductions.count(new int[] {1}).name());
        assertEquals("count(axis=[0, 2])", Reductions.count(new int[] {0, 2}).name());
        assertEquals("count", Reductions.count(null).name());
    }

    /** d sum(op(x)) / dx. */
    private static double[] gradient(Reductions.Reduce op, Tensor value) {
        GradientFixture f = new GradientFixture(0);
        Node x = f.input("x", value);
        Node loss = f.apply(Reductions.sum(null, false), f.apply(op, x));
        f.graph().bind("loss", loss.id());
        return Interpreter.run(Differentiate.gradients(f.model(loss), "loss").model(), f.feeds())
                .value("dloss/dx").data();
    }
}
