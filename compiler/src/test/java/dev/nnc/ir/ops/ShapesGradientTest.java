package dev.nnc.ir.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nnc.autodiff.Differentiate;
import dev.nnc.interp.Interpreter;
import dev.nnc.ir.Dim;
import dev.nnc.ir.Emitter;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Tensor;
import dev.nnc.testing.GradientFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

/** VJPs of the ops that move elements: transpose, reshape, and the derivative helpers. */
class ShapesGradientTest {

    private static Shapes.Reshape reshape(int inferred, Object... dims) {
        return Shapes.reshape(GradientFixture.shape(dims).dims(), inferred);
    }

    @Test
    void transpose() {
        for (int point = 0; point < 3; point++) {
            GradientFixture f = new GradientFixture(point);
            f.assertGradients(f.apply(Shapes.transpose(), f.input("x", f.uniform(2, 3))));
        }
        GradientFixture b = new GradientFixture(5);
        b.assertGradients(b.apply(Shapes.transpose(), b.input("x", b.uniform(4, 3), "B", 3)));
    }

    @Test
    void reshape() {
        GradientFixture f = new GradientFixture(1);
        f.assertGradients(f.apply(reshape(-1, 3, 2), f.input("x", f.uniform(2, 3))));
        f = new GradientFixture(2);
        f.assertGradients(f.apply(reshape(0, 1, 2), f.input("x", f.uniform(2, 3))));
        f = new GradientFixture(3);
        f.assertGradients(f.apply(reshape(-1, 6), f.input("x", f.uniform(2, 3))));
        f = new GradientFixture(4);
        f.assertGradients(f.apply(reshape(-1, "B", 2, 2), f.input("x", f.uniform(3, 4), "B", 4)));
        f = new GradientFixture(5);
        f.assertGradients(f.apply(reshape(1, "B", 1), f.input("x", f.uniform(3, 2, 2), "B", 2, 2)));
        f = new GradientFixture(6);
        f.assertGradients(f.apply(reshape(-1), f.input("x", f.uniform(1, 1))));
    }

    @Test
    void reshapeLike() {
        GradientFixture f = new GradientFixture(7);
        Node x = f.input("x", f.uniform(2, 3));
        Node like = f.input("like", f.uniform(3, 2));
        f.assertGradients(f.apply(Shapes.reshapeLike(), x, like));
        assertEquals(OpAssertions.f64(3, "B"), OpAssertions.infer(Shapes.reshapeLike(),
                OpAssertions.f64("B", 3), OpAssertions.f64(3, "B")));
        OpAssertions.assertRejects("cannot reshape [B, 3] like [3, 3]: the element counts differ", -1,
                Shapes.reshapeLike(), OpAssertions.f64("B", 3), OpAssertions.f64(3, 3));
        OpAssertions.assertRejects("cannot reshape [2, 3] like [5]: the element counts differ", -1,
                Shapes.reshapeLike(), OpAssertions.f64(2, 3), OpAssertions.f64(5));
    }

    @Test
    void sumLikeAndBroadcastLike() {
        GradientFixture f = new GradientFixture(8);
        f.assertGradients(f.apply(BroadcastOps.sumLike(), f.input("g", f.uniform(2, 3)), f.input("like", f.uniform(1, 3))));
        f = new GradientFixture(9);
        f.assertGradients(f.apply(BroadcastOps.sumLike(), f.input("g", f.uniform(4, 3), "B", 3), f.input("like", f.uniform(3))));
        f = new GradientFixture(10);
        f.assertGradients(f.apply(BroadcastOps.broadcastLike(null), f.input("g", f.uniform(3)), f.input("like", f.uniform(2, 3))));
        f = new GradientFixture(11);
        f.assertGradients(f.apply(BroadcastOps.broadcastLike(new int[] {1}), f.input("g", f.uniform(2)),
                f.input("like", f.uniform(2, 3))));
        f = new GradientFixture(12);
        f.assertGradients(f.apply(BroadcastOps.broadcastLike(new int[] {0, -1}), f.input("g", f.uniform(3)),
                f.input("like", f.uniform(4, 3, 2), "B", 3, 2)));
    }

    @Test
    void stopGradientAndCountPassNothing() {
        // d/dx sum((stop_gradient(x) * count(x) + x) * r) = r: finite differences would see
        // through stop_gradient, so the expectation is exact.
        GradientFixture f = new GradientFixture(13);
        Node x = f.input("x", f.uniform(2, 3));
        Node blocked = f.apply(Differentiation.stopGradient(), x);
        Node counted = f.apply(Reductions.count(new int[] {0}), x);
        Node out = f.apply(Elementwise.add(), f.apply(Elementwise.mul(), blocked, counted), x);
        Differentiate.Gradients g = Differentiate.gradients(f.lossOf(out), "loss");
        Tensor dx = Interpreter.run(g.model(), f.feeds()).value("dloss/dx");
        assertArrayEquals(f.feeds().get("r").data(), dx.data(), 0);
        Emitter e = new Emitter(new Graph());
        assertEquals(Emitter.NONE, Differentiation.stopGradient().vjp(e, blocked, x.id())[0]);
        assertEquals(Emitter.NONE, Reductions.count(null).vjp(e, counted, x.id())[0]);
    }

    @Test
    void gradHasNoRuleOfItsOwn() {
        Graph g = new Graph();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Differentiation.grad().vjp(new Emitter(g), null, 0));
        assertEquals("grad(f, v) has no derivative rule of its own: expand it with Differentiate.expandGrads first",
                e.getMessage());
    }

    @Test
    void columnReshapeKeepsSymbols() {
        assertEquals(OpAssertions.f64("B", 1), OpAssertions.infer(Shapes.reshape(List.of(Dim.of(1), Dim.of(1)), 0),
                OpAssertions.f64("B")));
    }
}
