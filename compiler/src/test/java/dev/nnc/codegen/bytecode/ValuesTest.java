package dev.nnc.codegen.bytecode;

import static dev.nnc.program.Ir.constant;
import static dev.nnc.program.Ir.convert;
import static dev.nnc.program.Ir.i32;
import static dev.nnc.program.Ir.load;
import static dev.nnc.program.Ir.loop;
import static dev.nnc.program.Ir.store;
import static dev.nnc.program.Ir.var;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.program.Buffer;
import dev.nnc.program.Kind;
import dev.nnc.program.Method;
import dev.nnc.program.Program;
import dev.nnc.program.Stmt;
import dev.nnc.runtime.GeneratedModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Literals keep their bits in every kind, and every Convert is the JVM's (Java's) cast. */
class ValuesTest {

    private static final double[] FLOATS = {0.0, -0.0, 1, 2, -1, 0.1, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Float.MIN_VALUE, Float.MAX_VALUE, 1e-45, 3.5, 1e300, Double.MIN_VALUE};
    private static final int[] INTS = {-1, 0, 1, 5, 6, -2, 127, 128, -128, -129, 32_767, 32_768, -32_768, -32_769,
        Integer.MAX_VALUE, Integer.MIN_VALUE};
    private static final long[] LONGS = {0, 1, 2, -1, 1L << 40, -(1L << 52), 1L << 53};

    @Test
    void constantsKeepTheirBits() {
        List<Stmt> body = new ArrayList<>();
        for (int i = 0; i < FLOATS.length; i++) {
            body.add(store("f", i32(i), constant(Kind.F32, FLOATS[i])));
            body.add(store("d", i32(i), constant(Kind.F64, FLOATS[i])));
        }
        for (int i = 0; i < INTS.length; i++) {
            body.add(store("n", i32(i), i32(INTS[i])));
        }
        for (int i = 0; i < LONGS.length; i++) {
            body.add(store("l", i32(i), constant(Kind.I64, LONGS[i])));
        }
        GeneratedModel model = Generated.instantiate(new Program("nnc.generated.Constants", Kind.F32,
                PrimitivesTest.chunks("constants"), List.of(),
                List.of(new Buffer("f", Kind.F32, i32(FLOATS.length), -1, ""),
                        new Buffer("d", Kind.F64, i32(FLOATS.length), -1, ""),
                        new Buffer("n", Kind.I32, i32(INTS.length), -1, ""),
                        new Buffer("l", Kind.I64, i32(LONGS.length), -1, "")),
                List.of(new Method(Program.PREDICT, "", body))));
        model.predict();
        for (int i = 0; i < FLOATS.length; i++) {
            assertEquals(Float.floatToRawIntBits((float) FLOATS[i]),
                    Float.floatToRawIntBits(Generated.<float[]>field(model, "f")[i]), "F32 " + FLOATS[i]);
            assertEquals(Double.doubleToRawLongBits(FLOATS[i]),
                    Double.doubleToRawLongBits(Generated.<double[]>field(model, "d")[i]), "F64 " + FLOATS[i]);
        }
        for (int i = 0; i < INTS.length; i++) {
            assertEquals(INTS[i], Generated.<int[]>field(model, "n")[i]);
        }
        for (int i = 0; i < LONGS.length; i++) {
            assertEquals(LONGS[i], Generated.<long[]>field(model, "l")[i]);
        }
    }

    /** Sources of every kind: the extremes, NaN, values that round, overflow or truncate. */
    private static final double[] D = {0, -0.0, 2.5, -2.5, 0.5, -0.7, 1e20, -1e20, 3e9, -3e9, Double.NaN,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 16_777_217, 9.007199254740993e15, 1e-320};
    private static final int[] I = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 16_777_217, -16_777_217, 123_456_789,
        7, -7, 2, 3, 4, 5, 6, 8};
    private static final long[] L = {0, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 31, -(1L << 31) - 1, (1L << 53) + 1,
        (1L << 24) + 1, 3_000_000_000L, 12, 13, 14, 15, 16, 17, 18};

    @Test
    void everyConversion() {
        int n = D.length;
        List<Buffer> buffers = new ArrayList<>();
        List<Stmt> body = new ArrayList<>();
        for (Kind from : Kind.values()) {
            buffers.add(new Buffer("src_" + from, from, i32(n), -1, ""));
            for (Kind to : Kind.values()) {
                String out = "out_" + from + "_" + to;
                buffers.add(new Buffer(out, to, i32(n), -1, ""));
                body.add(loop("i", i32(0), i32(n),
                        store(out, var("i"), convert(load("src_" + from, from, var("i")), to))));
            }
        }
        GeneratedModel model = Generated.instantiate(new Program("nnc.generated.Converts", Kind.F64,
                PrimitivesTest.chunks("converts"), List.of(), buffers, List.of(new Method(Program.PREDICT, "", body))));
        float[] f = Generated.field(model, "src_F32");
        for (int i = 0; i < n; i++) {
            Generated.<double[]>field(model, "src_F64")[i] = D[i];
            f[i] = (float) D[i];
            Generated.<int[]>field(model, "src_I32")[i] = I[i];
            Generated.<long[]>field(model, "src_I64")[i] = L[i];
        }
        model.predict();
        for (int i = 0; i < n; i++) {
            String at = " at " + i;
            double d = D[i];
            assertEquals((int) d, Generated.<int[]>field(model, "out_F64_I32")[i], "d2i" + at);
            assertEquals((long) d, Generated.<long[]>field(model, "out_F64_I64")[i], "d2l" + at);
            assertBits((float) d, Generated.<float[]>field(model, "out_F64_F32")[i], "d2f" + at);
            assertBits(d, Generated.<double[]>field(model, "out_F64_F64")[i], "d" + at);
            assertEquals((int) f[i], Generated.<int[]>field(model, "out_F32_I32")[i], "f2i" + at);
            assertEquals((long) f[i], Generated.<long[]>field(model, "out_F32_I64")[i], "f2l" + at);
            assertBits(f[i], Generated.<float[]>field(model, "out_F32_F32")[i], "f" + at);
            assertBits((double) f[i], Generated.<double[]>field(model, "out_F32_F64")[i], "f2d" + at);
            assertEquals(I[i], Generated.<int[]>field(model, "out_I32_I32")[i], "i" + at);
            assertEquals((long) I[i], Generated.<long[]>field(model, "out_I32_I64")[i], "i2l" + at);
            assertBits((float) I[i], Generated.<float[]>field(model, "out_I32_F32")[i], "i2f" + at);
            assertBits((double) I[i], Generated.<double[]>field(model, "out_I32_F64")[i], "i2d" + at);
            assertEquals((int) L[i], Generated.<int[]>field(model, "out_I64_I32")[i], "l2i" + at);
            assertEquals(L[i], Generated.<long[]>field(model, "out_I64_I64")[i], "l" + at);
            assertBits((float) L[i], Generated.<float[]>field(model, "out_I64_F32")[i], "l2f" + at);
            assertBits((double) L[i], Generated.<double[]>field(model, "out_I64_F64")[i], "l2d" + at);
        }
    }

    private static void assertBits(float expected, float actual, String what) {
        if (!(Float.isNaN(expected) && Float.isNaN(actual))) {
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual), what);
        }
    }

    private static void assertBits(double expected, double actual, String what) {
        if (!(Double.isNaN(expected) && Double.isNaN(actual))) {
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual), what);
        }
    }
}
