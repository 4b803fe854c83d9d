package dev.nnc.codegen.java;

import static dev.nnc.program.Ir.apply;
import static dev.nnc.program.Ir.buffer;
import static dev.nnc.program.Ir.i32;
import static dev.nnc.program.Ir.load;
import static dev.nnc.program.Ir.loop;
import static dev.nnc.program.Ir.method;
import static dev.nnc.program.Ir.store;
import static dev.nnc.program.Ir.symbol;
import static dev.nnc.program.Ir.var;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.ir.ops.Scalar.Fn;
import dev.nnc.program.Expr;
import dev.nnc.program.Ir;
import dev.nnc.program.Kind;
import dev.nnc.program.Program;
import dev.nnc.program.Stmt;
import dev.nnc.runtime.DType;
import dev.nnc.runtime.GeneratedModel;
import dev.nnc.runtime.ModelSpec;
import dev.nnc.runtime.TensorSpec.Role;
import dev.nnc.runtime.TensorSpec;
import dev.nnc.runtime.gemm.Gemm;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Kernel calls and class labels: {@link Stmt.Gemm} and {@link Expr.CheckLabel}. */
class GemmAndLabelTest {
    private static final int N = 3;
    private static final int K = 4;

    /**
     * C[2..] = 0.5 A[1..] B^T + C, with A [M, K] after an offset of 1, B [N, K], C [M, N] after
     * an offset of 2; M is a symbol. Compared with the same call made directly.
     */
    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"F32", "F64"})
    void gemmCallsTheRuntimesKernel(Kind kind) {
        Expr m = symbol("M");
        Program program = Compiled.internal("nnc.generated.Product" + kind, kind, List.of("M"), List.of(
                buffer("a", kind, apply(Fn.ADD, Kind.I32, apply(Fn.MUL, Kind.I32, m, i32(K)), i32(1)), -1, "A"),
                buffer("b", kind, i32(N * K), -1, "B"),
                buffer("c", kind, apply(Fn.ADD, Kind.I32, apply(Fn.MUL, Kind.I32, m, i32(N)), i32(2)), -1, "C")),
                List.of(method(Program.PREDICT, "C = 0.5 A B^T + C", new Stmt.Gemm(kind, false, true, m, i32(N), i32(K),
                        0.5, "a", i32(1), i32(K), "b", i32(0), i32(K), 1.0, "c", i32(2), i32(N)))));
        String source = JavaSource.emit(program);
        String call = kind == Kind.F32
                ? "Gemm.sgemm(false, true, M, 3, 4, 0.5f, a, 1, 4, b, 0, 4, 1.0f, c, 2, 3);"
                : "Gemm.dgemm(false, true, M, 3, 4, 0.5, a, 1, 4, b, 0, 4, 1.0, c, 2, 3);";
        assertTrue(source.contains(call), source);
        assertTrue(source.contains("import dev.nnc.runtime.gemm.Gemm;"), source);

        GeneratedModel model = Compiled.instantiate(program);
        int rows = 5;
        model.bind("M", rows);
        Random random = new Random(7);
        double[] a = random.doubles(rows * K + 1, -1, 1).toArray();
        double[] b = random.doubles(N * K, -1, 1).toArray();
        double[] c = random.doubles(rows * N + 2, -1, 1).toArray();
        if (kind == Kind.F32) {
            float[] fa = floats(a);
            float[] fb = floats(b);
            float[] fc = floats(c);
            Compiled.fill(model, "a", fa);
            Compiled.fill(model, "b", fb);
            Compiled.fill(model, "c", fc);
            model.predict();
            Gemm.sgemm(false, true, rows, N, K, 0.5f, fa, 1, K, fb, 0, K, 1.0f, fc, 2, N);
            assertArrayEquals(fc, java.util.Arrays.copyOf(Compiled.<float[]>array(model, "c"), fc.length));
        } else {
            Compiled.fill(model, "a", a);
            Compiled.fill(model, "b", b);
            Compiled.fill(model, "c", c);
            model.predict();
            Gemm.dgemm(false, true, rows, N, K, 0.5, a, 1, K, b, 0, K, 1.0, c, 2, N);
            assertArrayEquals(c, java.util.Arrays.copyOf(Compiled.<double[]>array(model, "c"), c.length));
        }
    }

    private static float[] floats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    /** picked[n] = p[n, y[n]], where y is an int input of class labels. */
    private static Program picker() {
        Expr n = var("n");
        Expr label = new Expr.CheckLabel(load("y", Kind.I32, n), i32(10), n, "y");
        Expr at = apply(Fn.ADD, Kind.I32, apply(Fn.MUL, Kind.I32, n, i32(10)), label);
        List<String> batch = List.of("B");
        ModelSpec spec = ModelSpec.of("picker", DType.F32, batch, List.of(
                new TensorSpec(Role.INPUT, "y", DType.I32, batch, null, null, null, null),
                new TensorSpec(Role.INPUT, "p", DType.F32, List.of("B", "10"), null, null, null, null),
                new TensorSpec(Role.OUTPUT, "picked", DType.F32, batch, null, null, null, null)), null, null);
        Expr size = apply(Fn.MUL, Kind.I32, symbol("B"), i32(10));
        return new Program("nnc.generated.Picker", Kind.F32, List.of(spec.toText()), batch, List.of(
                buffer("y", Kind.I32, symbol("B"), 0, "labels"),
                buffer("p", Kind.F32, size, 1, "probabilities"),
                buffer("picked", Kind.F32, symbol("B"), 2, "p[n, y[n]]")), Ir.withEntries(List.of(
                method(Program.PREDICT, "picks p[n, y[n]]",
                        loop("n", i32(0), symbol("B"), store("picked", n, load("p", Kind.F32, at)))))));
    }

    @Test
    void labelsIndexAfterTheirCheck() {
        Program program = picker();
        assertTrue(JavaSource.emit(program).contains("picked[n] = p[n * 10 + checkLabel(y[n], 10, n, \"y\")];"),
                JavaSource.emit(program));
        GeneratedModel model = Compiled.instantiate(program);
        model.setBatch(3);
        float[] p = new float[30];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        model.input("p").copyFrom(p);
        model.input("y").copyFrom(new int[] {9, 0, 4});
        model.predict();
        assertArrayEquals(new float[] {9, 10, 24}, model.output("picked").toFloats());

        model.input("y").copyFrom(new int[] {1, 2, 10});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, model::predict);
        assertEquals("label 10 of example 2 in input 'y' is out of range: the model has 10 classes, "
                + "so labels run from 0 to 9", e.getMessage());
        model.input("y").copyFrom(new int[] {-1, 2, 3});
        assertThrows(IllegalArgumentException.class, model::predict);
    }
}
