package dev.nnc.codegen.bytecode;

import static dev.nnc.program.Ir.add;
import static dev.nnc.program.Ir.assign;
import static dev.nnc.program.Ir.constant;
import static dev.nnc.program.Ir.convert;
import static dev.nnc.program.Ir.declare;
import static dev.nnc.program.Ir.i32;
import static dev.nnc.program.Ir.local;
import static dev.nnc.program.Ir.loop;
import static dev.nnc.program.Ir.mul;
import static dev.nnc.program.Ir.store;
import static dev.nnc.program.Ir.sub;
import static dev.nnc.program.Ir.symbol;
import static dev.nnc.program.Ir.var;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.program.Buffer;
import dev.nnc.program.Kind;
import dev.nnc.program.Method;
import dev.nnc.program.Program;
import dev.nnc.program.Stmt;
import dev.nnc.runtime.GeneratedModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loops and locals: nesting, names reused in sibling blocks, two-slot kinds, the bound re-read. */
class LoopTest {

    @Test
    void nestedLoopsWithReusedNamesAndKinds() {
        List<Stmt> body = List.of(
                // for i < 3: for j < 4: grid[i * 4 + j] = i * 10 + j
                loop("i", i32(0), i32(3),
                        declare("row", Kind.I32, mul(var("i"), i32(4))),
                        loop("j", i32(0), i32(4),
                                store("grid", add(local("row", Kind.I32), var("j")),
                                        add(mul(var("i"), i32(10)), var("j"))))),
                // A sibling nest reusing i, j and row, with a double and a long in the slots
                // the ints had: sums[i] = sum over j < i + 1 of (double) (long) (i * j) / 2
                loop("i", i32(0), i32(3),
                        declare("row", Kind.F64, constant(Kind.F64, 0)),
                        loop("j", i32(0), add(var("i"), i32(1)),
                                declare("wide", Kind.I64, convert(mul(var("i"), var("j")), Kind.I64)),
                                declare("k", Kind.I32, var("j")),
                                assign("row", add(local("row", Kind.F64),
                                        mul(convert(local("wide", Kind.I64), Kind.F64), constant(Kind.F64, 0.5)))),
                                store("last", i32(0), local("k", Kind.I32))),
                        store("sums", var("i"), local("row", Kind.F64))),
                // The bound is read on every iteration: for (i = 0; i < limit; i++) limit--;
                declare("limit", Kind.I32, i32(10)),
                declare("count", Kind.I32, i32(0)),
                loop("i", i32(0), local("limit", Kind.I32),
                        assign("limit", sub(local("limit", Kind.I32), i32(1))),
                        assign("count", add(local("count", Kind.I32), i32(1)))),
                store("last", i32(1), local("count", Kind.I32)),
                // A loop over a symbol, from a non-zero start, and one that never runs.
                loop("i", i32(2), symbol("N"), store("grid", var("i"), sub(i32(0), var("i")))),
                loop("i", i32(5), i32(5), store("last", i32(2), i32(99))));
        Program p = new Program("nnc.generated.Loops", Kind.F64, PrimitivesTest.chunks("loops", "N"), List.of("N"),
                List.of(new Buffer("grid", Kind.I32, i32(12), -1, ""),
                        new Buffer("sums", Kind.F64, i32(3), -1, ""),
                        new Buffer("last", Kind.I32, i32(3), -1, "")),
                List.of(new Method(Program.PREDICT, "", body)));
        GeneratedModel model = Generated.instantiate(p);
        Generated.resize(model, 4);
        model.predict();

        int[] grid = new int[12];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                grid[i * 4 + j] = i * 10 + j;
            }
        }
        for (int i = 2; i < 4; i++) {
            grid[i] = -i;
        }
        assertArrayEquals(grid, Generated.field(model, "grid"));
        double[] sums = new double[3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < i + 1; j++) {
                sums[i] += (double) (long) (i * j) * 0.5;
            }
        }
        assertArrayEquals(sums, Generated.field(model, "sums"));
        int count = 0;
        for (int i = 0, limit = 10; i < limit; i++) {
            limit--;
            count++;
        }
        assertEquals(5, count);
        assertArrayEquals(new int[] {2, count, 0}, Generated.field(model, "last"));
    }
}
