package dev.nnc.codegen.java;

import static dev.nnc.program.Ir.apply;
import static dev.nnc.program.Ir.buffer;
import static dev.nnc.program.Ir.i32;
import static dev.nnc.program.Ir.load;
import static dev.nnc.program.Ir.loop;
import static dev.nnc.program.Ir.method;
import static dev.nnc.program.Ir.store;
import static dev.nnc.program.Ir.var;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.ir.ops.Scalar.Fn;
import dev.nnc.program.Buffer;
import dev.nnc.program.Expr;
import dev.nnc.program.Kind;
import dev.nnc.program.Program;
import dev.nnc.program.Stmt;
import dev.nnc.runtime.GeneratedModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every {@link Fn} in F32 and F64, over every pair of operands from a list with NaN, signed
 * zeros and infinities, against {@link Fn#apply}.
 *
 * <p>In F64 the generated code must give exactly {@code fn.apply(a, b, c)}. In F32 it must give
 * exactly {@code (float) fn.apply(a, b, c)} on the widened operands, which is the documented
 * float meaning: for abs, signum, max, min, comparisons and select both are exact; for + - * /
 * the double result rounded to float is the float result (double has more than 2 * 24 + 2
 * bits, so rounding twice never differs from rounding once); everything else is defined as
 * computed in double and rounded.
 */
class ScalarFnTest {

    private static final double[] VALUES = {
        Double.NaN, Double.NEGATIVE_INFINITY, -1e30, -2.5, -1, -0.5, -0.0, 0.0, 1e-3, 0.1, 0.5, 1, 2, 3.75,
        1e30, Double.POSITIVE_INFINITY,
    };
    private static final int N = VALUES.length * VALUES.length;

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"F32", "F64"})
    void everyFunctionMatchesItsDefinition(Kind kind) {
        GeneratedModel model = Compiled.instantiate(program(kind));
        double[][] operands = operands(kind);
        String[] names = {"a", "b", "c"};
        for (int i = 0; i < 3; i++) {
            Compiled.fill(model, names[i], kind == Kind.F32 ? floats(operands[i]) : operands[i]);
        }
        model.predict();

        for (Fn fn : Fn.values()) {
            Object out = Compiled.array(model, "out_" + fn.spelling());
            for (int r = 0; r < N; r++) {
                double a = operands[0][r];
                double b = operands[1][r];
                double c = operands[2][r];
                double expected = switch (fn.arity()) {
                    case 1 -> fn.apply(a);
                    case 2 -> fn.apply(a, b);
                    default -> fn.apply(c, a, b);
                };
                String where = kind + " " + fn + " at a = " + a + ", b = " + b + ", c = " + c;
                if (kind == Kind.F32) {
                    // floatToIntBits: every NaN is the same NaN, payloads are not compared.
                    assertEquals(Float.floatToIntBits((float) expected), Float.floatToIntBits(((float[]) out)[r]), where);
                } else {
                    assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(((double[]) out)[r]), where);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"F32", "F64"})
    void functionsJavaLacksInFloatGoThroughDouble(Kind kind) {
        String source = JavaSource.emit(program(kind));
        String f = kind == Kind.F32 ? "(float) " : "";
        String zero = kind == Kind.F32 ? "0.0f" : "0.0";
        String cast = kind == Kind.F32 ? "(float) " : "(double) ";
        for (String line : List.of(
                "out_add[i] = a[i] + b[i];",
                "out_div[i] = a[i] / b[i];",
                "out_neg[i] = -a[i];",
                "out_exp[i] = " + f + "Math.exp(a[i]);",
                "out_log1p[i] = " + f + "Math.log1p(a[i]);",
                "out_pow[i] = " + f + "Math.pow(a[i], b[i]);",
                "out_erf[i] = " + f + "Erf.erf(a[i]);",
                "out_abs[i] = Math.abs(a[i]);",
                "out_sign[i] = Math.signum(a[i]);",
                "out_max[i] = Math.max(a[i], b[i]);",
                // Comparisons choose an int, which C2 turns into a conditional move, not a branch.
                "out_gt[i] = " + cast + "(a[i] > b[i] ? 1 : 0);",
                "out_eq[i] = " + cast + "(a[i] == b[i] ? 1 : 0);",
                // A select of two cheap values computes both and chooses their bits.
                "out_select[i] = choose(c[i] != " + zero + ", a[i], b[i]);")) {
            assertTrue(source.contains(line), () -> line + " not in\n" + source);
        }
        assertTrue(source.contains("import dev.nnc.runtime.Erf;"), source);
    }

    /** out_fn[i] = fn(a[i], b[i]) for every fn; SELECT takes c[i] as its condition. */
    private static Program program(Kind kind) {
        Expr i = var("i");
        Expr a = load("a", kind, i);
        Expr b = load("b", kind, i);
        Expr c = load("c", kind, i);
        List<Buffer> buffers = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            buffers.add(buffer(name, kind, i32(N), -1, "operand " + name));
        }
        List<Stmt> body = new ArrayList<>();
        for (Fn fn : Fn.values()) {
            String out = "out_" + fn.spelling();
            buffers.add(buffer(out, kind, i32(N), -1, fn.spelling()));
            Expr value = switch (fn.arity()) {
                case 1 -> apply(fn, kind, a);
                case 2 -> apply(fn, kind, a, b);
                default -> apply(fn, kind, c, a, b);
            };
            body.add(store(out, i, value));
        }
        return Compiled.internal("nnc.generated.Functions" + kind, kind, List.of(), buffers, List.of(
                method(Program.PREDICT, "every function", loop("i", i32(0), i32(N), body.toArray(Stmt[]::new)))));
    }

    /** Columns a, b, c: every pair (a, b), and a condition c cycling through the values. */
    private static double[][] operands(Kind kind) {
        double[][] out = new double[3][N];
        int n = VALUES.length;
        for (int r = 0; r < N; r++) {
            out[0][r] = VALUES[r / n];
            out[1][r] = VALUES[r % n];
            out[2][r] = VALUES[(r * 7 + r / n) % n];
        }
        if (kind == Kind.F32) {
            for (double[] column : out) {
                for (int r = 0; r < N; r++) {
                    column[r] = (float) column[r];
                }
            }
        }
        return out;
    }

    private static float[] floats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
