package dev.nnc.ir.ops;

import static dev.nnc.ir.ops.Scalar.Fn.ADD;
import static dev.nnc.ir.ops.Scalar.Fn.DIV;
import static dev.nnc.ir.ops.Scalar.Fn.EXP;
import static dev.nnc.ir.ops.Scalar.Fn.GT;
import static dev.nnc.ir.ops.Scalar.Fn.MUL;
import static dev.nnc.ir.ops.Scalar.Fn.NEG;
import static dev.nnc.ir.ops.Scalar.Fn.SELECT;
import static dev.nnc.ir.ops.Scalar.Fn.SIN;
import static dev.nnc.ir.ops.Scalar.Fn.TANH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ScalarDerivativeTest {

    private static final Scalar X = Scalar.arg(0);
    private static final Scalar Y = Scalar.arg(1);
    private static final Scalar Z = Scalar.arg(2);

    /** Central difference of {@code f} in operand {@code arg} at {@code at}. */
    private static double numeric(Scalar f, int arg, double... at) {
        double h = 1e-6 * Math.max(1, Math.abs(at[arg]));
        double[] up = at.clone();
        double[] down = at.clone();
        up[arg] += h;
        down[arg] -= h;
        return (f.eval(up) - f.eval(down)) / (2 * h);
    }

    private static void assertDerivatives(Scalar f, double... at) {
        for (int arg = 0; arg < f.arity(); arg++) {
            double expected = numeric(f, arg, at);
            double actual = f.derivative(arg).eval(at);
            assertEquals(expected, actual, 1e-7 * Math.max(1, Math.abs(expected)),
                    () -> "d" + f + " at " + java.util.Arrays.toString(at));
        }
    }

    /** One point per primitive inside its domain and away from its kinks and ties. */
    @ParameterizedTest
    @EnumSource(Scalar.Fn.class)
    void everyPrimitiveAgainstFiniteDifferences(Scalar.Fn fn) {
        Random random = new Random(fn.ordinal());
        for (int point = 0; point < 5; point++) {
            double a = 0.3 + 1.5 * random.nextDouble();
            double b = (random.nextBoolean() ? 1 : -1) * (0.3 + 1.5 * random.nextDouble());
            double c = random.nextBoolean() ? 1 : 0;
            if (Math.abs(a - b) < 1e-2) {
                continue;
            }
            Scalar f = switch (fn.arity()) {
                case 1 -> fn.of(MUL.of(X, Y)); // through a product, so the chain rule is exercised
                case 2 -> fn.of(X, Y);
                default -> fn.of(Z, MUL.of(X, X), SIN.of(Y));
            };
            assertDerivatives(f, fn.arity() == 1 ? new double[] {a, b * Math.signum(b)} : new double[] {a, b, c});
        }
    }

    @Test
    void chainsThroughTrees() {
        Scalar f = DIV.of(EXP.of(MUL.of(X, Y)), ADD.of(Scalar.constant(1), MUL.of(X, X)));
        assertDerivatives(f, 0.7, -1.3);
        assertDerivatives(Elementwise.gelu().formula(), 0.4);
        assertDerivatives(Elementwise.softplus().formula(), -0.8);
        assertDerivatives(Losses.binaryCrossEntropy().formula(), 1.3, 0.2);
    }

    @Test
    void derivedFormulasStayReadable() {
        assertEquals("x1", MUL.of(X, Y).derivative(0).toString());
        assertEquals("x0", MUL.of(X, Y).derivative(1).toString());
        assertEquals("1.0", ADD.of(X, Scalar.constant(3)).derivative(0).toString());
        assertEquals("0.0", ADD.of(X, Scalar.constant(3)).derivative(1).toString());
        assertEquals("exp(x0)", EXP.of(X).derivative(0).toString());
        assertEquals("(1.0 - (tanh(x0) * tanh(x0)))", TANH.of(X).derivative(0).toString());
        assertEquals("(1.0 / x1)", DIV.of(X, Y).derivative(0).toString());
        assertEquals("-1.0", NEG.of(X).derivative(0).toString());
        assertEquals("select(gt(x0, 0.0), 1.0, 0.2)", Elementwise.leakyRelu(0.2).formula().derivative(0).toString());
        assertEquals("0.0", GT.of(X, Y).derivative(0).toString());
    }

    @Test
    void localAlgebra() {
        Scalar two = Scalar.constant(2);
        assertEquals(Scalar.constant(5), ScalarAlgebra.add(two, Scalar.constant(3)));
        assertEquals(Scalar.constant(0), ScalarAlgebra.mul(X, Scalar.constant(0)));
        assertEquals(Scalar.constant(0), ScalarAlgebra.div(Scalar.constant(0), X));
        assertEquals(X, ScalarAlgebra.mul(Scalar.constant(1), X));
        assertEquals(X, ScalarAlgebra.add(X, Scalar.constant(-0.0)));
        assertEquals(NEG.of(X), ScalarAlgebra.mul(Scalar.constant(-1), X));
        assertEquals(NEG.of(X), ScalarAlgebra.sub(Scalar.constant(0), X));
        assertEquals(X, ScalarAlgebra.neg(NEG.of(X)));
        assertEquals(DIV.of(Y, X), ScalarAlgebra.mul(DIV.of(Scalar.constant(1), X), Y));
        assertEquals(Y, ScalarAlgebra.make(SELECT, X, Y, Y));
        assertEquals(Z, ScalarAlgebra.make(SELECT, Scalar.constant(0), Y, Z));
        // An op's own formula is built as written: Fn.of never simplifies.
        assertEquals("(x0 * 1.0)", MUL.of(X, Scalar.constant(1)).toString());
    }

    @Test
    void tiesAndKinks() {
        // max and min split a tie evenly; the halves add up to the whole.
        Scalar max = Elementwise.maximum().formula();
        assertEquals(0.5, max.derivative(0).eval(2, 2));
        assertEquals(0.5, max.derivative(1).eval(2, 2));
        assertEquals(1.0, max.derivative(0).eval(3, 2));
        assertEquals(0.0, max.derivative(1).eval(3, 2));
        Scalar min = Elementwise.minimum().formula();
        assertEquals(0.5, min.derivative(0).eval(-1, -1));
        assertEquals(1.0, min.derivative(0).eval(-2, -1));
        // relu' is stated in terms of its output: [y > 0], which is [x > 0] for every x.
        Scalar relu = withOutput(Elementwise.relu(), 0);
        assertEquals(0.0, relu.eval(0.0));
        assertEquals(0.0, relu.eval(-0.0));
        assertEquals(0.0, relu.eval(Double.NaN));
        assertEquals(0.0, relu.eval(-1e-300));
        assertEquals(1.0, relu.eval(1e-300));
        assertEquals(1.0, relu.eval(Double.POSITIVE_INFINITY));
        assertEquals(0.0, Elementwise.abs().derivative(0).eval(0.0));
        assertEquals(-1.0, Elementwise.abs().derivative(0).eval(-3));
        assertEquals(0.0, Elementwise.sign().derivative(0).eval(0.0));
        assertEquals(0.2, Elementwise.leakyRelu(0.2).derivative(0).eval(0.0));
        assertEquals(0.5, Elementwise.elu(0.5).derivative(0).eval(0.0));
        // pow(a, b) in b at a = 0 is the limit 0, not 0 * -inf.
        assertEquals(0.0, Elementwise.pow().derivative(1).eval(0.0, 2.0));
    }

    /** The op's stated derivative in operand i, with y replaced by the op's formula. */
    private static Scalar withOutput(Elementwise op, int i) {
        return op.derivatives().get(i).substitute(leaf -> leaf instanceof Scalar.Output ? op.formula() : leaf);
    }

    /** Each stated derivative, with y replaced by the op's formula, equals the derived one. */
    @Test
    void statedDerivativesAgreeWithTheFormulas() {
        List<Elementwise> stated = List.of(Elementwise.exp(), Elementwise.log(), Elementwise.sqrt(), Elementwise.tanh(),
                Elementwise.sigmoid(), Elementwise.relu(), Elementwise.softplus(), Elementwise.gelu(),
                Losses.binaryCrossEntropy());
        Random random = new Random(1);
        for (Elementwise op : stated) {
            assertEquals(op.arity(), op.derivatives().size(), op.name());
            for (int point = 0; point < 20; point++) {
                double[] at = {0.05 + 3 * random.nextDouble(), random.nextDouble()};
                if (random.nextBoolean() && !op.equals(Elementwise.log()) && !op.equals(Elementwise.sqrt())) {
                    at[0] = -at[0];
                }
                double[] args = java.util.Arrays.copyOf(at, op.arity());
                for (int i = 0; i < op.arity(); i++) {
                    Scalar withOutput = op.derivatives().get(i)
                            .substitute(leaf -> leaf instanceof Scalar.Output ? op.formula() : leaf);
                    assertEquals(op.formula().derivative(i).eval(args), withOutput.eval(args), 1e-12,
                            op.name() + " operand " + i + " at " + at[0]);
                }
            }
        }
    }

    @Test
    void theOutputMarkerIsNoOperand() {
        assertEquals("(y * (1.0 - y))", Elementwise.sigmoid().derivatives().get(0).toString());
        assertEquals(0, Scalar.output().arity());
        assertThrows(IllegalStateException.class, () -> Scalar.output().eval(1.0));
        assertThrows(IllegalStateException.class, () -> TANH.of(Scalar.output()).derivative(0));
    }

    @Test
    void statedDerivativesMatchTheOperands() {
        assertThrows(IllegalArgumentException.class,
                () -> new Elementwise("bad", "bad", MUL.of(X, Y), List.of(Y)));
        assertThrows(IllegalArgumentException.class,
                () -> new Elementwise("bad", "bad", TANH.of(X), List.of(Y)));
        assertEquals(SELECT.of(GT.of(X, Scalar.constant(0)), X, Y).derivative(1).toString(),
                "select(gt(x0, 0.0), 0.0, 1.0)");
    }
}
