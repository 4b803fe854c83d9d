package dev.nnc.ir.ops;

import dev.nnc.ir.Node;
import dev.nnc.testing.GradientFixture;
import org.junit.jupiter.api.Test;

/** softmax and log_softmax VJPs on every axis. */
class SoftmaxGradientTest {

    @Test
    void everyAxisOfAMatrix() {
        for (boolean log : new boolean[] {false, true}) {
            for (int axis : new int[] {0, 1, -1, -2}) {
                for (int point = 0; point < 3; point++) {
                    GradientFixture f = new GradientFixture(10 * axis + point);
                    Node x = f.input("x", f.uniform(2, 3));
                    f.assertGradients(f.apply(new Softmax(axis, log), x));
                }
            }
        }
    }

    @Test
    void vectorsRank3AndSymbolicBatches() {
        for (boolean log : new boolean[] {false, true}) {
            GradientFixture v = new GradientFixture(1);
            v.assertGradients(v.apply(new Softmax(0, log), v.input("x", v.uniform(4))));
            for (int axis : new int[] {0, 1, 2}) {
                GradientFixture r = new GradientFixture(2 + axis);
                r.assertGradients(r.apply(new Softmax(axis, log), r.input("x", r.uniform(2, 3, 2))));
            }
            for (int axis : new int[] {0, -1}) {
                GradientFixture b = new GradientFixture(5 + axis);
                b.assertGradients(b.apply(new Softmax(axis, log), b.input("x", b.uniform(4, 3), "B", 3)));
            }
        }
    }

    @Test
    void largeLogits() {
        // Spread over ±6: probabilities far from uniform, so every term of the rule matters.
        for (boolean log : new boolean[] {false, true}) {
            GradientFixture f = new GradientFixture(9);
            f.assertGradients(f.apply(new Softmax(-1, log), f.input("x", f.between(-6, 6, 3, 4))));
        }
    }
}
