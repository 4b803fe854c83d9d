package dev.nnc.codegen.bytecode;

import static dev.nnc.program.Ir.add;
import static dev.nnc.program.Ir.i32;
import static dev.nnc.program.Ir.mul;
import static dev.nnc.program.Ir.symbol;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.program.Buffer;
import dev.nnc.program.Kind;
import dev.nnc.program.Method;
import dev.nnc.program.Program;
import dev.nnc.runtime.DType;
import dev.nnc.runtime.GeneratedModel;
import dev.nnc.runtime.ModelSpec;
import dev.nnc.runtime.TensorSpec.Role;
import dev.nnc.runtime.TensorSpec;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** resize stores the symbols and grows arrays, never shrinking them; array serves the slots. */
class ResizeTest {

    private static GeneratedModel model() {
        ModelSpec spec = ModelSpec.of("sizes", DType.F32, List.of("N", "M"), List.of(
                new TensorSpec(Role.OUTPUT, "a", DType.F32, List.of("N"), null, null, null, null),
                new TensorSpec(Role.OUTPUT, "b", DType.F64, List.of("N", "M"), null, null, null, null),
                new TensorSpec(Role.OUTPUT, "c", DType.I32, List.of("7"), null, null, null, null)), null, null);
        return Generated.instantiate(new Program("nnc.generated.Sizes", Kind.F32, Generated.chunks(spec, 3),
                List.of("N", "M"),
                List.of(new Buffer("a", Kind.F32, symbol("N"), 0, ""),
                        new Buffer("b", Kind.F64, mul(symbol("N"), symbol("M")), 1, ""),
                        new Buffer("c", Kind.I32, i32(7), 2, ""),
                        new Buffer("d", Kind.I64, add(symbol("N"), i32(1)), -1, "internal")),
                List.of(new Method(Program.PREDICT, "", List.of()))));
    }

    @Test
    void arraysGrowAndNeverShrink() {
        GeneratedModel model = model();
        // start() sized everything for N = M = 1.
        assertLengths(model, 1, 1, 7, 2);
        Object c = Generated.field(model, "c");

        Generated.resize(model, 3, 2);
        assertEquals(3, Generated.<Integer>field(model, "N"));
        assertEquals(2, Generated.<Integer>field(model, "M"));
        assertLengths(model, 3, 6, 7, 4);
        assertSame(c, Generated.field(model, "c"));
        Object a = Generated.field(model, "a");
        Object b = Generated.field(model, "b");

        Generated.resize(model, 1, 1);
        assertEquals(1, Generated.<Integer>field(model, "N"));
        assertLengths(model, 3, 6, 7, 4);
        assertSame(a, Generated.field(model, "a"));
        assertSame(b, Generated.field(model, "b"));

        Generated.resize(model, 2, 3); // a still fits; b needs 6, which it has
        assertSame(a, Generated.field(model, "a"));
        assertSame(b, Generated.field(model, "b"));

        Generated.resize(model, 5, 2);
        assertLengths(model, 5, 10, 7, 6);
        assertNotSame(a, Generated.field(model, "a"));
        assertSame(c, Generated.field(model, "c"));
    }

    @Test
    void arrayReturnsTheBufferOfASlotAndRefusesOthers() {
        GeneratedModel model = model();
        assertSame(Generated.field(model, "a"), Generated.array(model, 0));
        assertSame(Generated.field(model, "b"), Generated.array(model, 1));
        assertSame(Generated.field(model, "c"), Generated.array(model, 2));
        for (int bad : new int[] {3, -1, 100, Integer.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Generated.array(model, bad));
            assertEquals("no tensor in slot " + bad, e.getMessage());
        }
    }

    @Test
    void sparseSlotsTakeALookupSwitch() {
        List<TensorSpec> tensors = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            tensors.add(new TensorSpec(Role.OUTPUT, "o" + i, DType.F32, List.of("1"), null, null, null, null));
        }
        ModelSpec spec = ModelSpec.of("sparse", DType.F32, List.of(), tensors, null, null);
        Program p = new Program("nnc.generated.Sparse", Kind.F32, Generated.chunks(spec, 2), List.of(),
                List.of(new Buffer("first", Kind.F32, i32(1), 0, ""), new Buffer("last", Kind.F32, i32(1), 10, "")),
                List.of(new Method(Program.PREDICT, "", List.of())));
        assertTrue(Disassembly.text(Bytecode.emit(p)).contains("LOOKUPSWITCH"));
        GeneratedModel model = Generated.instantiate(p);
        assertSame(Generated.field(model, "first"), Generated.array(model, 0));
        assertSame(Generated.field(model, "last"), Generated.array(model, 10));
        assertThrows(IllegalArgumentException.class, () -> Generated.array(model, 5));
    }

    @Test
    void noSlotsAtAll() {
        GeneratedModel model = Generated.instantiate(new Program("nnc.generated.Empty", Kind.F32,
                PrimitivesTest.chunks("empty"), List.of(), List.of(), List.of()));
        assertEquals("no tensor in slot 0",
                assertThrows(IllegalArgumentException.class, () -> Generated.array(model, 0)).getMessage());
        assertEquals("Empty has no runPredict",
                assertThrows(UnsupportedOperationException.class, model::predict).getMessage());
    }

    private static void assertLengths(GeneratedModel model, int a, int b, int c, int d) {
        assertEquals(a, Array.getLength(Generated.field(model, "a")), "a");
        assertEquals(b, Array.getLength(Generated.field(model, "b")), "b");
        assertEquals(c, Array.getLength(Generated.field(model, "c")), "c");
        assertEquals(d, Array.getLength(Generated.field(model, "d")), "d");
    }
}
