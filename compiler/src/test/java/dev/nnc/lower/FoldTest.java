package dev.nnc.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.Nnc;
import dev.nnc.ir.ops.Scalar.Fn;
import dev.nnc.program.Expr;
import dev.nnc.program.Kind;
import dev.nnc.program.Method;
import dev.nnc.program.Program;
import dev.nnc.program.Stmt;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the lowering folds in derivative formulas, and what it must leave alone. */
class FoldTest {
    private static final Expr X = new Expr.Local("x", Kind.F64);

    private static Expr mul(Expr a, Expr b) {
        return Exprs.fold(Fn.MUL, Kind.F64, List.of(a, b));
    }

    private static Expr c(double v) {
        return Exprs.constant(Kind.F64, v);
    }

    @Test
    void powersOfTwoWhoseProductIsOneCancel() {
        assertEquals(X, mul(mul(c(2), X), c(0.5)));
        assertEquals(X, mul(c(0.5), mul(X, c(2))));
        assertEquals(X, mul(mul(X, c(0.25)), c(4)));
        assertEquals(X, mul(mul(c(-2), X), c(-0.5)));
    }

    @Test
    void otherScalesStay() {
        Expr third = mul(mul(c(3), X), c(1.0 / 3));
        assertTrue(third instanceof Expr.Apply a && a.fn() == Fn.MUL, third.toString());
        Expr half = mul(mul(c(2), X), c(0.25));
        assertTrue(half instanceof Expr.Apply a && a.fn() == Fn.MUL, half.toString());
        Expr tiny = mul(mul(c(Double.MIN_VALUE), X), c(1 / Double.MIN_VALUE));
        assertTrue(tiny instanceof Expr.Apply, "a subnormal scale is no power of two here");
    }

    @Test
    void anUnrolledStepHasNoAdditiveZerosNorCancellingScales() throws Exception {
        String source = Files.readString(TestPrograms.root().resolve("samples/mazur.nn"));
        Program p = Nnc.program(TestPrograms.fromText("mazur", source).model(),
                Lowering.Options.training(Nnc.className("mazur")));
        int statements = 0;
        for (Method m : p.methods()) {
            for (Stmt s : m.body()) {
                statements++;
                if (s instanceof Stmt.Declare d) {
                    assertFalse(addsZero(d.init()), m.name() + ": " + d);
                    assertFalse(scalesByTwo(d.init()), m.name() + ": " + d);
                }
            }
        }
        assertTrue(statements > 40, "unrolled");
    }

    /** A float product with the constant 2 (the derivative of u^2 before it meets its 0.5). */
    private static boolean scalesByTwo(Expr e) {
        return hasApply(e, Fn.MUL, 2);
    }

    private static boolean addsZero(Expr e) {
        return hasApply(e, Fn.ADD, 0);
    }

    /** Whether e applies fn, anywhere in it, with the float constant c as an argument. */
    private static boolean hasApply(Expr e, Fn fn, double c) {
        if (e instanceof Expr.Apply a) {
            if (a.fn() == fn && a.args().stream().anyMatch(x -> Exprs.isFloat(x, c))) {
                return true;
            }
            return a.args().stream().anyMatch(x -> hasApply(x, fn, c));
        }
        return e instanceof Expr.Convert v && hasApply(v.value(), fn, c);
    }
}
