package dev.nnc.ir.ops;

import dev.nnc.ir.Node;
import dev.nnc.testing.GradientFixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** matmul's VJP in all four 1-D/2-D cases, with fixed and symbolic dimensions. */
class MatMulGradientTest {

    /** Operand shapes, sizes or symbols; B is 3 at run time. */
    private static final Object[][][] CASES = {
        {{2, 3}, {3, 4}},
        {{3}, {3, 4}},
        {{2, 3}, {3}},
        {{3}, {3}},
        {{1, 1}, {1, 1}},
        {{"B", 3}, {3, 2}},
        {{2, "B"}, {"B", 4}},
        {{"B"}, {"B", 2}},
        {{2, "B"}, {"B"}},
        {{"B"}, {"B"}},
    };

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
    void everyCase(int c) {
        for (int point = 0; point < 3; point++) {
            GradientFixture f = new GradientFixture(31 * c + point);
            Node a = f.input("a", f.uniform(sizes(CASES[c][0])), CASES[c][0]);
            Node b = f.input("b", f.uniform(sizes(CASES[c][1])), CASES[c][1]);
            f.assertGradients(f.apply(MatMul.matmul(), a, b));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void theSameOperandOnBothSides(int c) {
        Object[][] shapes = {{3, 3}, {3}, {3, 3}, {3}};
        GradientFixture f = new GradientFixture(c);
        Node a = f.input("a", f.uniform(sizes(shapes[c])));
        Node b = c == 2 ? f.apply(Shapes.transpose(), a) : a;
        f.assertGradients(f.apply(MatMul.matmul(), a, b));
    }

    private static int[] sizes(Object[] dims) {
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = dims[i] instanceof Integer n ? n : 3;
        }
        return out;
    }
}
