package dev.nnc.codegen.java;

import static dev.nnc.program.Ir.apply;
import static dev.nnc.program.Ir.buffer;
import static dev.nnc.program.Ir.convert;
import static dev.nnc.program.Ir.declare;
import static dev.nnc.program.Ir.f32;
import static dev.nnc.program.Ir.f64;
import static dev.nnc.program.Ir.i32;
import static dev.nnc.program.Ir.local;
import static dev.nnc.program.Ir.method;
import static dev.nnc.program.Ir.store;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.ir.ops.Scalar.Fn;
import dev.nnc.program.Expr;
import dev.nnc.program.Kind;
import dev.nnc.program.Program;
import dev.nnc.program.Stmt;
import dev.nnc.runtime.GeneratedModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Infix expressions print with the parentheses Java needs and no others, and compute what the
 * tree says: float addition is not associative, so a + (b + c) must keep its parentheses.
 */
class ParenthesesTest {
    private static final Kind F = Kind.F32;
    private static final Expr A = local("a", F);
    private static final Expr B = local("b", F);
    private static final Expr C = local("c", F);
    private static final Expr D = local("d", F);
    // Chosen so that grouping changes the result: 1e8 + (-1e8 + 1.5) is 0, (1e8 - 1e8) + 1.5 is 1.5.
    private static final float VA = 1e8f;
    private static final float VB = -1e8f;
    private static final float VC = 1.5f;
    private static final float VD = 3f;

    private record Case(String java, Expr expr, float expected) {}

    private static List<Case> cases() {
        float a = VA;
        float b = VB;
        float c = VC;
        float d = VD;
        return List.of(
                new Case("a - (b - c)", sub(A, sub(B, C)), a - (b - c)),
                new Case("a - b - c", sub(sub(A, B), C), a - b - c),
                new Case("a + (b + c)", add(A, add(B, C)), a + (b + c)),
                new Case("a + b + c", add(add(A, B), C), a + b + c),
                new Case("(a + b) * c", mul(add(A, B), C), (a + b) * c),
                new Case("a + b * c", add(A, mul(B, C)), a + b * c),
                new Case("a / (b * c)", div(A, mul(B, C)), a / (b * c)),
                new Case("a / b * c", mul(div(A, B), C), a / b * c),
                new Case("a * (b / c)", mul(A, div(B, C)), a * (b / c)),
                new Case("-(-a)", neg(neg(A)), -(-a)),
                new Case("-(a + b)", neg(add(A, B)), -(a + b)),
                new Case("-a * b", mul(neg(A), B), -a * b),
                new Case("a - -b", sub(A, neg(B)), a - -b),
                new Case("a / -b", div(A, neg(B)), a / -b),
                new Case("a * -2.0f", mul(A, f32(-2)), a * -2.0f),
                new Case("-(-1.0f)", neg(f32(-1)), 1.0f),
                new Case("c - -0.0f", sub(C, f32(-0.0)), c - -0.0f),
                new Case("(float) ((double) (a + c) * 0.1)",
                        convert(apply(Fn.MUL, Kind.F64, convert(add(A, C), Kind.F64), f64(0.1)), F),
                        (float) ((double) (a + c) * 0.1)),
                new Case("(float) (a > b ? 1 : 0) * c", mul(apply(Fn.GT, F, A, B), C), (float) (a > b ? 1 : 0) * c),
                new Case("choose(choose(a != 0.0f, b, c) != 0.0f, (float) (a > b ? 1 : 0), d)",
                        apply(Fn.SELECT, F, apply(Fn.SELECT, F, A, B, C), apply(Fn.GT, F, A, B), D),
                        (a != 0.0f ? b : c) != 0.0f ? (float) (a > b ? 1 : 0) : d),
                new Case("c + (float) (d == c ? 1 : 0)", add(C, apply(Fn.EQ, F, D, C)), c + (float) (d == c ? 1 : 0)),
                new Case("(float) Math.exp(c + d)", apply(Fn.EXP, F, add(C, D)), (float) Math.exp(c + d)),
                new Case("(float) Math.exp(c) + d", add(apply(Fn.EXP, F, C), D), (float) Math.exp(c) + d),
                new Case("-(float) Math.log(d)", neg(apply(Fn.LOG, F, D)), -(float) Math.log(d)),
                new Case("Math.max(a - b, c * d)", apply(Fn.MAX, F, sub(A, B), mul(C, D)), Math.max(a - b, c * d)),
                new Case("(float) Math.pow(c, -d)", apply(Fn.POW, F, C, neg(D)), (float) Math.pow(c, -d)));
    }

    @Test
    void printsMinimalParenthesesAndComputesTheTree() {
        List<Case> cases = cases();
        List<Stmt> body = new ArrayList<>(List.of(
                declare("a", F, f32(VA)), declare("b", F, f32(VB)), declare("c", F, f32(VC)), declare("d", F, f32(VD))));
        for (int k = 0; k < cases.size(); k++) {
            body.add(store("out", i32(k), cases.get(k).expr()));
        }
        Program program = Compiled.internal("nnc.generated.Grouping", F, List.of(),
                List.of(buffer("out", F, i32(cases.size()), -1, null)),
                List.of(method(Program.PREDICT, null, body.toArray(Stmt[]::new))));
        String source = JavaSource.emit(program);
        for (int k = 0; k < cases.size(); k++) {
            String line = "out[" + k + "] = " + cases.get(k).java() + ";";
            assertTrue(source.contains(line), () -> line + " not in\n" + source);
        }
        GeneratedModel model = Compiled.instantiate(program);
        model.predict();
        float[] out = Compiled.array(model, "out");
        for (int k = 0; k < cases.size(); k++) {
            assertEquals(cases.get(k).expected(), out[k], cases.get(k).java());
        }
        assertEquals(0f, out[2], "a + (b + c)");
        assertEquals(1.5f, out[3], "a + b + c");
    }

    @Test
    void integerIndexArithmeticGroupsTheSameWay() {
        Kind i = Kind.I32;
        Expr p = local("p", i);
        Expr q = local("q", i);
        Expr r = local("r", i);
        Program program = Compiled.internal("nnc.generated.Indices", F, List.of(),
                List.of(buffer("ints", i, i32(4), -1, null)), List.of(method(Program.PREDICT, null,
                        declare("p", i, i32(7)), declare("q", i, i32(-3)), declare("r", i, i32(Integer.MIN_VALUE)),
                        store("ints", i32(0), apply(Fn.SUB, i, p, apply(Fn.SUB, i, q, i32(2)))),
                        store("ints", i32(1), apply(Fn.MUL, i, apply(Fn.ADD, i, p, q), q)),
                        store("ints", i32(2), apply(Fn.SUB, i, r, i32(1))),
                        store("ints", i32(3), apply(Fn.MUL, i, p, i32(-1))))));
        String source = JavaSource.emit(program);
        assertTrue(source.contains("ints[0] = p - (q - 2);"), source);
        assertTrue(source.contains("ints[1] = (p + q) * q;"), source);
        assertTrue(source.contains("int r = -2147483648;"), source);
        assertTrue(source.contains("ints[3] = p * -1;"), source);
        GeneratedModel model = Compiled.instantiate(program);
        model.predict();
        int[] ints = Compiled.array(model, "ints");
        assertEquals(7 - (-3 - 2), ints[0]);
        assertEquals((7 - 3) * -3, ints[1]);
        assertEquals(Integer.MAX_VALUE, ints[2], "int arithmetic wraps");
        assertEquals(-7, ints[3]);
    }

    private static Expr add(Expr x, Expr y) {
        return apply(Fn.ADD, F, x, y);
    }

    private static Expr sub(Expr x, Expr y) {
        return apply(Fn.SUB, F, x, y);
    }

    private static Expr mul(Expr x, Expr y) {
        return apply(Fn.MUL, F, x, y);
    }

    private static Expr div(Expr x, Expr y) {
        return apply(Fn.DIV, F, x, y);
    }

    private static Expr neg(Expr x) {
        return apply(Fn.NEG, F, x);
    }
}
