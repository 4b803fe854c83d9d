package dev.nnc.codegen.java;

import static dev.nnc.program.Ir.apply;
import static dev.nnc.program.Ir.buffer;
import static dev.nnc.program.Ir.comment;
import static dev.nnc.program.Ir.convert;
import static dev.nnc.program.Ir.declare;
import static dev.nnc.program.Ir.f32;
import static dev.nnc.program.Ir.f64;
import static dev.nnc.program.Ir.i32;
import static dev.nnc.program.Ir.invoke;
import static dev.nnc.program.Ir.load;
import static dev.nnc.program.Ir.local;
import static dev.nnc.program.Ir.loop;
import static dev.nnc.program.Ir.method;
import static dev.nnc.program.Ir.store;
import static dev.nnc.program.Ir.symbol;
import static dev.nnc.program.Ir.var;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.ir.ops.Scalar.Fn;
import dev.nnc.program.Expr;
import dev.nnc.program.Kind;
import dev.nnc.program.Program;
import dev.nnc.program.Stmt;
import dev.nnc.runtime.GeneratedModel;
import dev.nnc.runtime.gemm.Gemm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Names and scopes: what the bytecode accepts and Java does not (keywords, names that hide
 * {@code Math}, a kernel called {@code predict}, a local declared again while in scope)
 * still compiles and computes what the Program says; and comments print as written.
 */
class NamesTest {
    private static final Kind D = Kind.F64;

    /**
     * predict():
     *   for i < symbols: x = new[i]; x = x * 2 (a second x); out[i] = x + exp(Math[i])
     *   for i < 2: for i < 3: slot[0] = slot[0] + i     (the inner i hides the outer)
     *   int = 5; slot[0] = slot[0] + int
     */
    private static Program awkward() {
        Expr i = var("i");
        Expr n = symbol("symbols");
        return Compiled.internal("nnc.generated.Awkward", D, List.of("symbols"), List.of(
                buffer("new", D, n, -1, "a keyword"),
                buffer("Math", D, n, -1, "hides java.lang.Math"),
                buffer("slot", D, i32(1), -1, "array's parameter"),
                buffer("out", D, n, -1, null)), List.of(
                method(Program.PREDICT, null, invoke("predict"), invoke("resize"), invoke("checkLabel")),
                method("predict", "a kernel named like the base class's public method",
                        loop("i", i32(0), n,
                                declare("x", D, load("new", D, i)),
                                declare("x", D, apply(Fn.MUL, D, local("x", D), f64(2))),
                                store("out", i, apply(Fn.ADD, D, local("x", D), apply(Fn.EXP, D, load("Math", D, i)))))),
                method("resize", "a kernel named like the generated resize",
                        loop("i", i32(0), i32(2),
                                loop("i", i32(0), i32(3),
                                        store("slot", i32(0), apply(Fn.ADD, D, load("slot", D, i32(0)), convert(i, D)))))),
                method("checkLabel", null,
                        declare("int", Kind.I32, i32(5)),
                        store("slot", i32(0), apply(Fn.ADD, D, load("slot", D, i32(0)),
                                convert(local("int", Kind.I32), D))))));
    }

    @Test
    void namesJavaRefusesAreRenamedAndComputeTheSame() {
        Program program = awkward();
        String source = JavaSource.emit(program);
        for (String line : List.of(
                "private int symbols_1;",
                "private double[] new_;",
                "private double[] Math_1;",
                "private double[] slot_1;",
                "symbols_1 = symbols[0];",
                "double[] new_ = this.new_;",
                "double x = new_[i];",
                "double x_1 = x * 2.0;",
                "out[i] = x_1 + Math.exp(Math_1[i]);",
                "for (int i_1 = 0; i_1 < 3; i_1++) {",
                "slot_1[0] = slot_1[0] + (double) i_1;",
                "int int_ = 5;",
                "private void predict_1() {",
                "private void resize_1() {",
                "private void checkLabel_1() {",
                "predict_1();")) {
            assertTrue(source.contains(line), () -> line + " not in\n" + source);
        }
        GeneratedModel model = Compiled.instantiate(program);
        model.bind("symbols", 3);
        Compiled.fill(model, "new_", new double[] {1, -2.5, 0.125});
        Compiled.fill(model, "Math_1", new double[] {0, 1, -3});
        model.predict();
        double[] out = Compiled.array(model, "out");
        assertEquals(2 + Math.exp(0), out[0]);
        assertEquals(-5 + Math.exp(1), out[1]);
        assertEquals(0.25 + Math.exp(-3), out[2]);
        assertEquals(2 * (0 + 1 + 2) + 5, Compiled.<double[]>array(model, "slot_1")[0]);
    }

    @Test
    void siblingLoopsReuseTheirNames() {
        Expr i = var("i");
        Expr j = var("j");
        Kind f = Kind.F32;
        Stmt nest = loop("i", i32(0), i32(2), loop("j", i32(0), i32(3),
                declare("v", f, convert(apply(Fn.ADD, Kind.I32, apply(Fn.MUL, Kind.I32, i, i32(3)), j), f)),
                store("m", apply(Fn.ADD, Kind.I32, apply(Fn.MUL, Kind.I32, i, i32(3)), j),
                        apply(Fn.ADD, f, load("m", f, apply(Fn.ADD, Kind.I32, apply(Fn.MUL, Kind.I32, i, i32(3)), j)),
                                local("v", f)))));
        Program program = Compiled.internal("nnc.generated.Siblings", f, List.of(),
                List.of(buffer("m", f, i32(6), -1, null)),
                List.of(method(Program.PREDICT, null, nest, nest, declare("v", f, f32(1)))));
        String source = JavaSource.emit(program);
        assertFalse(source.contains("i_1") || source.contains("j_1") || source.contains("v_1"), source);
        GeneratedModel model = Compiled.instantiate(program);
        model.predict();
        float[] m = Compiled.array(model, "m");
        for (int k = 0; k < 6; k++) {
            assertEquals(2f * k, m[k]);
        }
    }

    @Test
    void aModelNamedLikeAClassItUsesQualifiesThatClass() {
        Kind f = Kind.F32;
        for (String name : List.of("Math", "Gemm", "Float", "GeneratedModel", "Override", "String")) {
            Program program = Compiled.internal("nnc.generated." + name, f, List.of(), List.of(
                    buffer("v", f, i32(3), -1, null)), List.of(method(Program.PREDICT, null,
                    store("v", i32(0), apply(Fn.EXP, f, load("v", f, i32(1)))),
                    store("v", i32(2), f32(Double.NaN)),
                    new Stmt.Gemm(f, false, false, i32(1), i32(1), i32(1), 1, "v", i32(0), i32(1), "v", i32(0),
                            i32(1), 1, "v", i32(1), i32(1)))));
            String source = JavaSource.emit(program);
            GeneratedModel model = Compiled.instantiate(program);
            Compiled.fill(model, "v", new float[] {0, 1, 0});
            model.predict();
            float[] expected = {(float) Math.exp(1), 1, Float.NaN};
            Gemm.sgemm(false, false, 1, 1, 1, 1f, expected, 0, 1, expected, 0, 1, 1f, expected, 1, 1);
            assertArrayEquals(expected, Compiled.array(model, "v"), source);
        }
        String math = JavaSource.emit(Compiled.internal("nnc.generated.Math", f, List.of(), List.of(
                buffer("v", f, i32(2), -1, null)), List.of(method(Program.PREDICT, null,
                store("v", i32(0), apply(Fn.EXP, f, load("v", f, i32(1))))))));
        assertTrue(math.contains("v[0] = (float) java.lang.Math.exp(v[1]);"), math);
    }

    @Test
    void commentsPrintAsWrittenAndCannotBreakTheSource() {
        Kind f = Kind.F32;
        Program program = Compiled.internal("nnc.generated.Commented", f, List.of(), List.of(
                buffer("v", f, i32(1), -1, "ends early? */ no\nC:\\users\\nnc")), List.of(
                method(Program.PREDICT, "%3 z = relu(y)\nfrom models\\unet.nn:12, \"quoted\" */ é\n    indented",
                        comment("first line\nsecond line"),
                        comment("C:\\users\\u0041 and \\\\u0041"),
                        store("v", i32(0), f32(1)),
                        loop("i", i32(0), i32(1), comment("only a comment in this loop")),
                        comment("the end"))));
        String source = JavaSource.emit(program);
        for (String line : List.of(
                "     * ends early? *&#47; no\n     * C:\\\\users\\nnc\n",
                // javac would read the backslash and u of "unet" as a Unicode escape: a second backslash stops it.
                "     * %3 z = relu(y)\n     * from models\\\\unet.nn:12, \"quoted\" *&#47; é\n     *     indented\n",
                "        // first line\n        // second line\n        // C:\\\\users\\\\u0041 and \\\\u0041\n"
                        + "        v[0] = 1.0f;\n",
                "            // only a comment in this loop\n        }\n",
                "        // the end\n    }\n")) {
            assertTrue(source.contains(line), () -> line + " not in\n" + source);
        }
        GeneratedModel model = Compiled.instantiate(program);
        model.predict();
        assertEquals(1f, Compiled.<float[]>array(model, "v")[0]);
    }
}
