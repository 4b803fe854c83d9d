package dev.nnc.codegen.java;

import static dev.nnc.program.Ir.buffer;
import static dev.nnc.program.Ir.convert;
import static dev.nnc.program.Ir.i32;
import static dev.nnc.program.Ir.load;
import static dev.nnc.program.Ir.loop;
import static dev.nnc.program.Ir.method;
import static dev.nnc.program.Ir.store;
import static dev.nnc.program.Ir.var;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.program.Buffer;
import dev.nnc.program.Expr;
import dev.nnc.program.Kind;
import dev.nnc.program.Program;
import dev.nnc.program.Stmt;
import dev.nnc.runtime.GeneratedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Every {@link Expr.Convert}, from each kind to each kind, as the JVM's conversion
 * instructions define it: NaN to 0, saturation at the integer limits, rounding to nearest.
 */
class ConvertTest {
    private static final int[] INTS = {
        Integer.MIN_VALUE, -16777217, -1, 0, 1, 16777217, 123456789, Integer.MAX_VALUE,
    };
    private static final long[] LONGS = {
        Long.MIN_VALUE, -(1L << 53) - 1, -1, 0, 3_000_000_000L, (1L << 53) + 1, 1L << 62, Long.MAX_VALUE,
    };
    private static final float[] FLOATS = {
        Float.NaN, Float.NEGATIVE_INFINITY, -3e9f, -2.5f, -0.0f, 0.0f, 1.5f, Float.POSITIVE_INFINITY,
    };
    private static final double[] DOUBLES = {
        Double.NaN, -1e300, -2.5, -0.0, Double.MIN_VALUE, 0.1, 1e10, 16777217.0,
    };
    private static final int N = 8;

    @Test
    void everyConversionIsTheJvmsInstruction() {
        GeneratedModel model = Compiled.instantiate(program());
        Compiled.fill(model, "from_i32", INTS);
        Compiled.fill(model, "from_i64", LONGS);
        Compiled.fill(model, "from_f32", FLOATS);
        Compiled.fill(model, "from_f64", DOUBLES);
        model.predict();

        for (Kind from : Kind.values()) {
            for (Kind to : Kind.values()) {
                Object out = Compiled.array(model, name(from) + "_to_" + name(to));
                for (int r = 0; r < N; r++) {
                    assertEquals(expected(from, to, r), bits(java.lang.reflect.Array.get(out, r)),
                            from + " -> " + to + " of element " + r);
                }
            }
        }
    }

    @Test
    void conversionsAreCasts() {
        String source = JavaSource.emit(program());
        for (String line : List.of(
                "i32_to_f32[i] = (float) from_i32[i];",
                "f64_to_i32[i] = (int) from_f64[i];",
                "f32_to_f64[i] = (double) from_f32[i];",
                "i64_to_f64[i] = (double) from_i64[i];",
                "i32_to_i32[i] = (int) from_i32[i];")) {
            assertTrue(source.contains(line), () -> line + " not in\n" + source);
        }
    }

    private static Program program() {
        Expr i = var("i");
        List<Buffer> buffers = new ArrayList<>();
        List<Stmt> body = new ArrayList<>();
        for (Kind from : Kind.values()) {
            buffers.add(buffer("from_" + name(from), from, i32(N), -1, null));
        }
        for (Kind from : Kind.values()) {
            for (Kind to : Kind.values()) {
                String out = name(from) + "_to_" + name(to);
                buffers.add(buffer(out, to, i32(N), -1, null));
                body.add(store(out, i, convert(load("from_" + name(from), from, i), to)));
            }
        }
        return Compiled.internal("nnc.generated.Conversions", Kind.F32, List.of(), buffers, List.of(
                method(Program.PREDICT, null, loop("i", i32(0), i32(N), body.toArray(Stmt[]::new)))));
    }

    /** What Java's cast gives, as bits of the target kind (NaN canonical). */
    private static long expected(Kind from, Kind to, int r) {
        return switch (from) {
            case I32 -> cast(INTS[r], to);
            case I64 -> switch (to) {
                case I32 -> (int) LONGS[r];
                case I64 -> LONGS[r];
                case F32 -> Float.floatToIntBits((float) LONGS[r]);
                case F64 -> Double.doubleToLongBits((double) LONGS[r]);
            };
            case F32 -> switch (to) {
                case I32 -> (int) FLOATS[r];
                case I64 -> (long) FLOATS[r];
                case F32 -> Float.floatToIntBits(FLOATS[r]);
                case F64 -> Double.doubleToLongBits((double) FLOATS[r]);
            };
            case F64 -> switch (to) {
                case I32 -> (int) DOUBLES[r];
                case I64 -> (long) DOUBLES[r];
                case F32 -> Float.floatToIntBits((float) DOUBLES[r]);
                case F64 -> Double.doubleToLongBits(DOUBLES[r]);
            };
        };
    }

    private static long cast(int v, Kind to) {
        return switch (to) {
            case I32 -> v;
            case I64 -> (long) v;
            case F32 -> Float.floatToIntBits((float) v);
            case F64 -> Double.doubleToLongBits((double) v);
        };
    }

    private static long bits(Object boxed) {
        if (boxed instanceof Float f) {
            return Float.floatToIntBits(f);
        }
        if (boxed instanceof Double d) {
            return Double.doubleToLongBits(d);
        }
        return ((Number) boxed).longValue();
    }

    private static String name(Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
