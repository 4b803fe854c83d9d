package dev.nnc.codegen.bytecode;

import static dev.nnc.program.Ir.apply;
import static dev.nnc.program.Ir.assign;
import static dev.nnc.program.Ir.constant;
import static dev.nnc.program.Ir.declare;
import static dev.nnc.program.Ir.i32;
import static dev.nnc.program.Ir.invoke;
import static dev.nnc.program.Ir.load;
import static dev.nnc.program.Ir.local;
import static dev.nnc.program.Ir.loop;
import static dev.nnc.program.Ir.store;
import static dev.nnc.program.Ir.symbol;
import static dev.nnc.program.Ir.var;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.ir.ops.Scalar.Fn;
import dev.nnc.program.Buffer;
import dev.nnc.program.Expr;
import dev.nnc.program.Kind;
import dev.nnc.program.Method;
import dev.nnc.program.Program;
import dev.nnc.program.Stmt;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A malformed program fails in {@link Bytecode#emit} with a message naming the method and the
 * problem, never later as a VerifyError.
 */
class MalformedProgramTest {

    private static final List<Buffer> BUFFERS = List.of(
            new Buffer("x", Kind.F32, symbol("N"), 0, ""),
            new Buffer("y", Kind.F32, symbol("N"), 1, ""),
            new Buffer("label", Kind.I32, symbol("N"), 2, ""));

    @Test
    void unknownNames() {
        fails("runPredict: no local k in scope", store("y", var("k"), constant(Kind.F32, 0)));
        fails("no buffer z", store("z", i32(0), constant(Kind.F32, 0)));
        fails("no symbol B", store("y", symbol("B"), constant(Kind.F32, 0)));
        fails("calls kernel9, which the program does not define", invoke("kernel9"));
        fails("the base class has no field rate",
                declare("r", Kind.F64, new Expr.Field("rate", Kind.F64, true)));
    }

    @Test
    void kindsMustAgree() {
        fails("the value stored into y is F64, not F32", store("y", i32(0), constant(Kind.F64, 0)));
        fails("the index into x is F32, not I32", store("y", i32(0), load("x", Kind.F32, constant(Kind.F32, 0))));
        fails("buffer label holds I32, read as F32", store("y", i32(0), load("label", Kind.F32, i32(0))));
        fails("an operand of ADD in F32 is F64", store("y", i32(0),
                apply(Fn.ADD, Kind.F32, constant(Kind.F32, 1), constant(Kind.F64, 1))));
        fails("local a is F32, read as F64", declare("a", Kind.F32, constant(Kind.F32, 1)),
                declare("b", Kind.F64, local("a", Kind.F64)));
        fails("learningRate is F64, read as F32", declare("r", Kind.F32,
                new Expr.Field(Program.LEARNING_RATE, Kind.F32, true)));
        fails("MAX takes 2 operands, got 1", store("y", i32(0),
                new Expr.Apply(Fn.MAX, Kind.F32, List.of(constant(Kind.F32, 1)))));
        fails("I32 constant 1.5 is not a whole number", store("label", i32(0), constant(Kind.I32, 1.5)));
    }

    @Test
    void integerArithmeticIsAddSubAndMulOnly() {
        fails("DIV in I32", store("label", i32(0), apply(Fn.DIV, Kind.I32, i32(4), i32(2))));
        fails("MAX in I32", store("label", i32(0), apply(Fn.MAX, Kind.I32, i32(4), i32(2))));
        fails("ADD in I64", declare("n", Kind.I64,
                apply(Fn.ADD, Kind.I64, constant(Kind.I64, 1), constant(Kind.I64, 2))));
    }

    @Test
    void scopes() {
        fails("'a' is declared while a local of that name is in scope",
                declare("a", Kind.F32, constant(Kind.F32, 1)), declare("a", Kind.F32, constant(Kind.F32, 2)));
        fails("'a' is declared while a local of that name is in scope",
                declare("a", Kind.I32, i32(1)), loop("a", i32(0), i32(3)));
        fails("'i' is declared while a local of that name is in scope",
                loop("i", i32(0), i32(3), declare("i", Kind.I32, i32(0))));
        fails("no local i in scope", loop("i", i32(0), i32(3)), assign("i", i32(0)));
        fails("no local t in scope", loop("i", i32(0), i32(3), declare("t", Kind.I32, i32(0))),
                assign("t", i32(0)));
        fails("x is a buffer, used as a scalar local", declare("s", Kind.F32, local("x", Kind.F32)));
        fails("'x' is declared while a local of that name is in scope",
                store("y", i32(0), load("x", Kind.F32, i32(0))), declare("x", Kind.F32, constant(Kind.F32, 0)));
    }

    @Test
    void programLevelNames() {
        failsProgram("symbol N is listed twice", List.of("N", "N"), BUFFERS, entry());
        failsProgram("buffer N has the name of another field", List.of("N"),
                List.of(new Buffer("N", Kind.F32, i32(1), -1, "")), entry());
        failsProgram("buffer name 'dloss/dW' cannot be a JVM name", List.of("N"),
                List.of(new Buffer("dloss/dW", Kind.F32, i32(1), -1, "")), entry());
        failsProgram("method runPredict is defined twice", List.of("N"), BUFFERS,
                List.of(new Method("runPredict", "", List.of()), new Method("runPredict", "", List.of())));
        failsProgram("a method may not be named resize", List.of("N"), BUFFERS,
                List.of(new Method("resize", "", List.of())));
        failsProgram("buffers x and y both hold slot 0", List.of("N"),
                List.of(new Buffer("x", Kind.F32, i32(1), 0, ""), new Buffer("y", Kind.F32, i32(1), 0, "")), entry());
        failsProgram("the size of buffer x is F32, not I32", List.of("N"),
                List.of(new Buffer("x", Kind.F32, constant(Kind.F32, 1), 0, "")), entry());
        failsProgram("Shaky.resize: buffer x is not readable here", List.of("N"),
                List.of(new Buffer("x", Kind.I32, i32(1), 0, ""),
                        new Buffer("y", Kind.F32, load("x", Kind.I32, i32(0)), 1, "")), entry());
    }

    @Test
    void aSpecChunkMustFitAClassFileString() {
        String big = "é".repeat(40_000); // 80,000 bytes of modified UTF-8
        Program p = new Program("nnc.generated.Shaky", Kind.F32, List.of("a", big), List.of(), List.of(), entry());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Bytecode.emit(p));
        assertTrue(e.getMessage().contains("spec chunk 1 is longer than the 65535 bytes"), e.getMessage());
    }

    @Test
    void aGemmsBuffersMustBeOfItsKind() {
        Stmt gemm = new Stmt.Gemm(Kind.F64, false, false, i32(1), i32(1), i32(1), 1,
                "x", i32(0), i32(1), "x", i32(0), i32(1), 0, "y", i32(0), i32(1));
        fails("GEMM's A is x, a F32 buffer, in a F64 GEMM", gemm);
    }

    private static List<Method> entry() {
        return List.of(new Method("runPredict", "", List.of()));
    }

    private static void fails(String message, Stmt... body) {
        failsProgram(message, List.of("N"), BUFFERS, List.of(new Method("runPredict", "", List.of(body))));
    }

    private static void failsProgram(String message, List<String> symbols, List<Buffer> buffers, List<Method> methods) {
        Program p = new Program("nnc.generated.Shaky", Kind.F32, List.of(""), symbols, buffers, methods);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Bytecode.emit(p));
        assertTrue(e.getMessage().contains(message), () -> "expected '" + message + "' in: " + e.getMessage());
    }
}
