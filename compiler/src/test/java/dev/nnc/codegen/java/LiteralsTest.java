package dev.nnc.codegen.java;

import static dev.nnc.program.Ir.buffer;
import static dev.nnc.program.Ir.constant;
import static dev.nnc.program.Ir.i32;
import static dev.nnc.program.Ir.method;
import static dev.nnc.program.Ir.store;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nnc.program.Ir;
import dev.nnc.program.Kind;
import dev.nnc.program.Program;
import dev.nnc.program.Stmt;
import dev.nnc.runtime.DType;
import dev.nnc.runtime.GeneratedModel;
import dev.nnc.runtime.ModelSpec;
import dev.nnc.runtime.TensorSpec.Role;
import dev.nnc.runtime.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Number and string literals: they read back, compiled, as exactly the value they were made from. */
class LiteralsTest {

    private static String text(Kind kind, double value) {
        return JavaLiterals.number(kind, value, new JavaTypes("Model")).toString();
    }

    @Test
    void numbersPrintInTheirShortestExactForm() {
        assertEquals("0.5f", text(Kind.F32, 0.5));
        assertEquals("0.1f", text(Kind.F32, 0.1));
        assertEquals("1.0E-8f", text(Kind.F32, 1e-8));
        assertEquals("-0.0f", text(Kind.F32, -0.0));
        assertEquals("1.4E-45f", text(Kind.F32, Float.MIN_VALUE));
        assertEquals("Float.NaN", text(Kind.F32, Double.NaN));
        assertEquals("Float.NEGATIVE_INFINITY", text(Kind.F32, Double.NEGATIVE_INFINITY));
        assertEquals("Float.POSITIVE_INFINITY", text(Kind.F32, 1e300), "rounds to float first");
        assertEquals("1.0E-8", text(Kind.F64, 1e-8));
        assertEquals("0.1", text(Kind.F64, 0.1));
        assertEquals("-2.5", text(Kind.F64, -2.5));
        assertEquals("-0.0", text(Kind.F64, -0.0));
        assertEquals("Double.POSITIVE_INFINITY", text(Kind.F64, Double.POSITIVE_INFINITY));
        assertEquals("Double.NaN", text(Kind.F64, Double.NaN));
        assertEquals("-2147483648", text(Kind.I32, Integer.MIN_VALUE));
        assertEquals("7", text(Kind.I32, 7));
        assertEquals("-9223372036854775808L", text(Kind.I64, -0x1p63));
        assertEquals("3000000000L", text(Kind.I64, 3e9));
        assertEquals("java.lang.Float.NaN",
                JavaLiterals.number(Kind.F32, Double.NaN, new JavaTypes("Float")).toString());
    }

    @Test
    void integerConstantsMustBeWholeAndInRange() {
        assertThrows(IllegalArgumentException.class, () -> text(Kind.I32, 0.5));
        assertThrows(IllegalArgumentException.class, () -> text(Kind.I32, 0x1p31));
        assertThrows(IllegalArgumentException.class, () -> text(Kind.I64, 0x1p63));
        assertThrows(IllegalArgumentException.class, () -> text(Kind.I32, Double.NaN));
    }

    /** Special values and random bit patterns (subnormals included), stored and read back. */
    @Test
    void compiledConstantsKeepTheirBits() {
        Random random = new Random(2024);
        List<Float> floats = new ArrayList<>(List.of(0f, -0f, Float.MIN_VALUE, -Float.MIN_NORMAL, Float.MAX_VALUE,
                Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0.1f, 1e-8f, 16777217f, 1f / 3));
        List<Double> doubles = new ArrayList<>(List.of(0.0, -0.0, Double.MIN_VALUE, -Double.MIN_NORMAL,
                Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1, 1e-8,
                1.0 / 3, 1e23, 2.0E-44));
        while (floats.size() < 400) {
            floats.add(Float.intBitsToFloat(random.nextInt()));
            doubles.add(Double.longBitsToDouble(random.nextLong()));
        }
        List<Stmt> body = new ArrayList<>();
        for (int k = 0; k < floats.size(); k++) {
            body.add(store("f", i32(k), constant(Kind.F32, floats.get(k))));
            body.add(store("d", i32(k), constant(Kind.F64, doubles.get(k))));
        }
        Program program = Compiled.internal("nnc.generated.Constants", Kind.F32, List.of(), List.of(
                buffer("f", Kind.F32, i32(floats.size()), -1, null),
                buffer("d", Kind.F64, i32(doubles.size()), -1, null)),
                List.of(method(Program.PREDICT, null, body.toArray(Stmt[]::new))));
        GeneratedModel model = Compiled.instantiate(program);
        model.predict();
        float[] f = Compiled.array(model, "f");
        double[] d = Compiled.array(model, "d");
        for (int k = 0; k < floats.size(); k++) {
            // floatToIntBits: NaNs are compared as the canonical NaN, payloads aside.
            assertEquals(Float.floatToIntBits(floats.get(k)), Float.floatToIntBits(f[k]), "float " + floats.get(k));
            assertEquals(Double.doubleToLongBits(doubles.get(k)), Double.doubleToLongBits(d[k]), "double " + doubles.get(k));
        }
    }

    /** Every UTF-16 unit, lone surrogates and control characters included, through javac. */
    @Test
    void everyCharacterSurvivesAStringLiteral() {
        StringBuilder all = new StringBuilder();
        for (int c = 0; c <= 0xFFFF; c++) {
            all.append((char) c);
        }
        // Unicode escapes that javac would apply before reading the literal, were they not escaped.
        all.append("\\u000a \\u0022 \\\\u0041 \\uuuu005c end");
        List<String> pieces = Compiled.chunks(all.toString(), 5);
        List<String> literals = new ArrayList<>();
        for (String piece : pieces) {
            literals.add(JavaLiterals.string(piece).toString());
        }
        String source = "package p;\n\npublic final class Strings {\n    public static final String[] VALUES = {\n"
                + String.join(",\n", literals) + "\n    };\n}\n";
        Class<?> type = SourceCompiler.compile("p.Strings", source);
        try {
            String[] values = (String[]) type.getField("VALUES").get(null);
            assertArrayEquals(pieces.toArray(), values);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void escapesAreJavaEscapesAndTheSourceIsAscii() {
        assertEquals("a\\\"b\\\\c\\nd\\te\\r\\b\\f\\000\\037\\177\\u00e9\\ud83d\\ude00",
                JavaLiterals.escape("a\"b\\c\nd\te\r\b\f\0\037\177é😀"));
    }

    /**
     * A spec whose names hold quotes, backslashes, Unicode escapes, a javadoc end and characters
     * outside the BMP, cut into chunks at every point (inside a surrogate pair too), comes back
     * from the compiled class's {@code spec()} as it went in.
     */
    @Test
    void specTextSurvivesCompilationInAnyChunking() {
        String odd = "q\"uote\\back\\u0041\\u000a-é-😀-*/-\\";
        List<String> batch = List.of("Б");
        ModelSpec spec = ModelSpec.of(odd, DType.F32, batch, List.of(
                new TensorSpec(Role.INPUT, "x" + odd, DType.F32, batch, null, null, null, null),
                new TensorSpec(Role.OUTPUT, "y\"", DType.F32, batch, null, null, null, null)), null, null);
        String text = spec.toText();
        int surrogate = text.indexOf("😀") + 1;
        List<List<String>> chunkings = new ArrayList<>();
        chunkings.add(List.of(text.substring(0, surrogate), text.substring(surrogate)));
        for (int n = 2; n <= 4; n++) {
            chunkings.add(Compiled.chunks(text, n));
        }
        for (List<String> chunks : chunkings) {
            Program program = new Program("nnc.generated.Odd", Kind.F32, chunks, batch, List.of(
                    buffer("x", Kind.F32, Ir.symbol("Б"), 0, "x" + odd),
                    buffer("y", Kind.F32, Ir.symbol("Б"), 1, "y\"")), Ir.withEntries(List.of()));
            GeneratedModel model = Compiled.instantiate(program);
            assertEquals(spec, model.spec());
            assertEquals(text, model.spec().toText());
            assertEquals(odd, model.name());
        }
    }
}
