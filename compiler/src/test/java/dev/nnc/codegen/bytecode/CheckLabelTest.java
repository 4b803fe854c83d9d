package dev.nnc.codegen.bytecode;

import static dev.nnc.program.Ir.add;
import static dev.nnc.program.Ir.i32;
import static dev.nnc.program.Ir.load;
import static dev.nnc.program.Ir.loop;
import static dev.nnc.program.Ir.mul;
import static dev.nnc.program.Ir.store;
import static dev.nnc.program.Ir.symbol;
import static dev.nnc.program.Ir.var;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nnc.program.Buffer;
import dev.nnc.program.Expr;
import dev.nnc.program.Kind;
import dev.nnc.program.Method;
import dev.nnc.program.Program;
import dev.nnc.runtime.DType;
import dev.nnc.runtime.GeneratedModel;
import dev.nnc.runtime.ModelSpec;
import dev.nnc.runtime.TensorSpec.Role;
import dev.nnc.runtime.TensorSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An int label used as an index goes through the runtime's check: a bad one is its message. */
class CheckLabelTest {
    private static final int CLASSES = 3;

    /** picked[i] = logits[i * 3 + checkLabel(label[i], 3, i, "label")] */
    private static GeneratedModel model() {
        ModelSpec spec = ModelSpec.of("pick", DType.F32, List.of("N"), List.of(
                new TensorSpec(Role.INPUT, "label", DType.I32, List.of("N"), null, null, null, null),
                new TensorSpec(Role.INPUT, "logits", DType.F32, List.of("N", "3"), null, null, null, null),
                new TensorSpec(Role.OUTPUT, "picked", DType.F32, List.of("N"), null, null, null, null)), null, null);
        Expr i = var("i");
        Expr label = new Expr.CheckLabel(load("label", Kind.I32, i), i32(CLASSES), i, "label");
        return Generated.instantiate(new Program("nnc.generated.Pick", Kind.F32, Generated.chunks(spec, 2),
                List.of("N"),
                List.of(new Buffer("label", Kind.I32, symbol("N"), 0, ""),
                        new Buffer("logits", Kind.F32, mul(symbol("N"), i32(CLASSES)), 1, ""),
                        new Buffer("picked", Kind.F32, symbol("N"), 2, "")),
                List.of(new Method(Program.PREDICT, "", List.of(loop("i", i32(0), symbol("N"),
                        store("picked", i, load("logits", Kind.F32, add(mul(i, i32(CLASSES)), label)))))))));
    }

    @Test
    void aLabelInRangeIndexes() {
        GeneratedModel model = model();
        model.setBatch(3);
        model.input("label").copyFrom(new int[] {2, 0, 1});
        model.input("logits").copyFrom(new float[] {0, 1, 2, 10, 11, 12, 20, 21, 22});
        model.predict();
        assertArrayEquals(new float[] {2, 10, 21}, model.output("picked").toFloats());
    }

    @Test
    void aLabelOutOfRangeIsTheRuntimesError() {
        GeneratedModel model = model();
        model.setBatch(3);
        model.input("logits").copyFrom(new float[9]);
        for (int bad : new int[] {3, -1, Integer.MIN_VALUE}) {
            model.input("label").copyFrom(new int[] {0, bad, 1});
            IllegalArgumentException expected = assertThrows(IllegalArgumentException.class,
                    () -> GeneratedModel.checkLabel(bad, CLASSES, 1, "label"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, model::predict);
            assertEquals(expected.getMessage(), e.getMessage());
        }
    }
}
