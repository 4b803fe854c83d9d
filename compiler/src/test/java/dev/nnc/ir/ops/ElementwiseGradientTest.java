package dev.nnc.ir.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.nnc.autodiff.Differentiate;
import dev.nnc.interp.Interpreter;
import dev.nnc.ir.Model;
import dev.nnc.ir.Node;
import dev.nnc.ir.Tensor;
import dev.nnc.testing.GradientFixture;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every elementwise op's VJP against central finite differences, over broadcasting patterns. */
class ElementwiseGradientTest {

    private static final int POINTS = 3;

    /** How to draw an operand's values for an op: its domain, away from its kinks. */
    private interface Domain extends BiFunction<GradientFixture, int[], Tensor> {}

    private static final Domain ANY = (f, s) -> f.uniform(s);
    private static final Domain POSITIVE = (f, s) -> f.between(0.2, 3, s);
    private static final Domain AWAY_FROM_ZERO = (f, s) -> f.awayFromZero(1e-2, s);
    private static final Domain DENOMINATOR = (f, s) -> f.awayFromZero(0.5, s);
    private static final Domain PROBABILITY = (f, s) -> f.between(0, 1, s);

    static Stream<Arguments> unary() {
        return Stream.of(
                Arguments.of(Elementwise.neg(), ANY),
                Arguments.of(Elementwise.exp(), ANY),
                Arguments.of(Elementwise.log(), POSITIVE),
                Arguments.of(Elementwise.sqrt(), POSITIVE),
                Arguments.of(Elementwise.abs(), AWAY_FROM_ZERO),
                Arguments.of(Elementwise.sign(), AWAY_FROM_ZERO),
                Arguments.of(Elementwise.tanh(), ANY),
                Arguments.of(Elementwise.sin(), ANY),
                Arguments.of(Elementwise.cos(), ANY),
                Arguments.of(Elementwise.sigmoid(), ANY),
                Arguments.of(Elementwise.relu(), AWAY_FROM_ZERO),
                Arguments.of(Elementwise.softplus(), ANY),
                Arguments.of(Elementwise.gelu(), ANY),
                Arguments.of(Elementwise.leakyRelu(0.2), AWAY_FROM_ZERO),
                Arguments.of(Elementwise.elu(1.0), AWAY_FROM_ZERO),
                Arguments.of(Elementwise.elu(0.5), AWAY_FROM_ZERO));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unary")
    void unaryOps(Elementwise op, Domain domain) {
        for (int seed = 0; seed < POINTS; seed++) {
            GradientFixture f = new GradientFixture(seed);
            f.assertGradients(f.apply(op, f.input("x", domain.apply(f, new int[] {2, 3}))));
        }
        GradientFixture f = new GradientFixture(7);
        f.assertGradients(f.apply(op, f.input("x", domain.apply(f, new int[] {3, 2}), "B", 2)));
        GradientFixture scalar = new GradientFixture(8);
        scalar.assertGradients(scalar.apply(op, scalar.input("x", domain.apply(scalar, new int[0]))));
    }

    static Stream<Arguments> binary() {
        return Stream.of(
                Arguments.of(Elementwise.add(), ANY, ANY),
                Arguments.of(Elementwise.sub(), ANY, ANY),
                Arguments.of(Elementwise.mul(), ANY, ANY),
                Arguments.of(Elementwise.div(), ANY, DENOMINATOR),
                Arguments.of(Elementwise.pow(), POSITIVE, ANY),
                Arguments.of(Elementwise.maximum(), ANY, ANY),
                Arguments.of(Elementwise.minimum(), ANY, ANY),
                Arguments.of(Elementwise.equal(), ANY, ANY),
                Arguments.of(Losses.binaryCrossEntropy(), ANY, PROBABILITY));
    }

    /** Operand shapes: the broadcasting patterns, each operand with sizes and symbols. */
    private static final List<Object[][]> PATTERNS = List.of(
            new Object[][] {{2, 3}, {2, 3}},
            new Object[][] {{2, 3}, {3}},
            new Object[][] {{3}, {2, 3}},
            new Object[][] {{2, 1}, {1, 3}},
            new Object[][] {{}, {2, 3}},
            new Object[][] {{2, 3}, {}},
            new Object[][] {{"B", 4}, {4}},
            new Object[][] {{1, 4}, {"B", 1}});

    @ParameterizedTest(name = "{0}")
    @MethodSource("binary")
    void binaryOpsOverEveryBroadcastingPattern(Elementwise op, Domain left, Domain right) {
        int seed = 0;
        for (Object[][] pattern : PATTERNS) {
            for (int point = 0; point < POINTS; point++) {
                GradientFixture f = new GradientFixture(seed++);
                Tensor aValue = left.apply(f, sizes(pattern[0]));
                Tensor bValue = op.equals(Elementwise.maximum()) || op.equals(Elementwise.minimum())
                        ? awayFrom(f, sizes(pattern[1]), aValue)
                        : right.apply(f, sizes(pattern[1]));
                Node a = f.input("a", aValue, pattern[0]);
                Node b = f.input("b", bValue, pattern[1]);
                f.assertGradients(f.apply(op, a, b));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binary")
    void anOperandUsedTwice(Elementwise op, Domain left, Domain right) {
        if (op.equals(Elementwise.maximum()) || op.equals(Elementwise.minimum())
                || op.equals(Elementwise.equal()) || op.equals(Elementwise.sub())) {
            return; // x op x sits on the tie (or is constant)
        }
        GradientFixture f = new GradientFixture(11);
        Node x = f.input("x", (op.equals(Elementwise.div()) ? DENOMINATOR
                : op.equals(Elementwise.pow()) ? POSITIVE : PROBABILITY).apply(f, new int[] {2, 2}));
        f.assertGradients(f.apply(op, x, x));
    }

    @Test
    void aConstantExponentOfANegativeBase() {
        // (t - o)^2 as Mazur writes it: a negative base, and the exponent needs no gradient.
        GradientFixture f = new GradientFixture(3);
        Node x = f.input("x", Tensor.vector(-1.5, -0.25, 0.75));
        f.assertGradients(f.apply(Elementwise.pow(), x, f.constant(Tensor.scalar(2))));
        GradientFixture g = new GradientFixture(4);
        Node y = g.input("x", Tensor.vector(-1.5, -0.25, 0.75));
        g.assertGradients(g.apply(Elementwise.pow(), y, g.constant(Tensor.scalar(3))));
    }

    @Test
    void aFusedFormulaWithThreeOperands() {
        Elementwise fma = new Elementwise("fma", "fuse", Scalar.Fn.ADD.of(
                Scalar.Fn.MUL.of(Scalar.arg(0), Scalar.arg(1)), Scalar.Fn.TANH.of(Scalar.arg(2))));
        GradientFixture f = new GradientFixture(5);
        f.assertGradients(f.apply(fma, f.input("a", f.uniform(2, 3)), f.input("b", f.uniform(3)),
                f.input("c", f.uniform(2, 1))));
    }

    @Test
    void theCotangentsOfAnOperandUsedTwiceAdd() {
        // d/dx sum(x * x * r) = 2 x r, exactly.
        GradientFixture f = new GradientFixture(6);
        Node x = f.input("x", Tensor.vector(1, -2, 3));
        Model m = f.lossOf(f.apply(Elementwise.mul(), x, x));
        Differentiate.Gradients g = Differentiate.gradients(m, "loss");
        Tensor r = f.feeds().get("r");
        Tensor dx = Interpreter.run(g.model(), f.feeds()).value("dloss/dx");
        assertArrayEquals(new double[] {2 * r.get(0), -4 * r.get(1), 6 * r.get(2)}, dx.data(), 0);
    }

    /** Values at least 0.05 from every value of {@code a}, so no pair that meets is near a tie. */
    private static Tensor awayFrom(GradientFixture f, int[] bSizes, Tensor a) {
        double[] v = new double[Math.toIntExact(Tensor.count(bSizes))];
        for (int i = 0; i < v.length; i++) {
            double candidate;
            do {
                candidate = -2 + 4 * f.random().nextDouble();
            } while (tooClose(candidate, a.data()));
            v[i] = candidate;
        }
        return new Tensor(bSizes, v);
    }

    private static boolean tooClose(double value, double[] others) {
        for (double o : others) {
            if (Math.abs(value - o) < 0.05) {
                return true;
            }
        }
        return false;
    }

    /** Concrete sizes for a pattern: B is 3. */
    private static int[] sizes(Object[] dims) {
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = dims[i] instanceof Integer n ? n : 3;
        }
        return out;
    }
}
