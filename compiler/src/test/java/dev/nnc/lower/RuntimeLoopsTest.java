package dev.nnc.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.Nnc;
import dev.nnc.codegen.bytecode.Bytecode;
import dev.nnc.codegen.bytecode.ModelClassLoader;
import dev.nnc.ir.Model;
import dev.nnc.ir.ops.Scalar.Fn;
import dev.nnc.program.Expr;
import dev.nnc.program.Kind;
import dev.nnc.program.Method;
import dev.nnc.program.Program;
import dev.nnc.program.Stmt;
import dev.nnc.runtime.CompiledModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which loops go to the runtime's {@code Gemm.biasAdd} and {@code Gemm.reluGrad}, and that the bits stay. */
class RuntimeLoopsTest {
    private static final String MLP = """
            model mlp
            input x: [B, 64]
            input y: int[B]
            param W1: [64, 256] = he_uniform
            param b1: [256] = uniform(-0.1, 0.1)
            param W2: [256, 10] = he_uniform
            param b2: [10] = zeros
            h = relu(x @ W1 + b1)
            logits = h @ W2 + b2
            loss = mean(cross_entropy(logits, y))
            train {
              optimizer = sgd(lr = 0.1)
            }
            """;

    private static final Expr I = local("i");
    private static final Expr J = local("j");
    private static final Expr N = Exprs.i32(256);

    private static Expr local(String name) {
        return new Expr.Local(name, Kind.I32);
    }

    private static Expr load(String buffer, Expr index) {
        return new Expr.Load(buffer, Kind.F32, index);
    }

    private static Expr f32(String fn, Expr... args) {
        return new Expr.Apply(Fn.valueOf(fn), Kind.F32, List.of(args));
    }

    private static Expr rowMajor(Expr i, Expr j) {
        return new Expr.Apply(Fn.ADD, Kind.I32, List.of(new Expr.Apply(Fn.MUL, Kind.I32, List.of(i, N)), j));
    }

    /** for i in 0..B: for j in 0..256: out[i*256 + j] = value. */
    private static Stmt.For rows(String out, Expr value) {
        return new Stmt.For("i", Exprs.i32(0), local("B"), List.of(new Stmt.For("j", Exprs.i32(0), N,
                List.of(new Stmt.Store(out, rowMajor(I, J), value)), true)), true);
    }

    private static Stmt.For flat(String out, Expr value) {
        return new Stmt.For("i", Exprs.i32(0), local("n"), List.of(new Stmt.Store(out, I, value)), true);
    }

    @Test
    void aBiasWithOrWithoutReluAndReluPrimeGoToTheRuntime() {
        Expr sum = f32("ADD", load("z", rowMajor(I, J)), load("b", J));
        Stmt.BiasAdd relu = RuntimeLoops.biasAdd(rows("out", f32("MAX", sum, Exprs.constant(Kind.F32, 0))));
        assertEquals(new Stmt.BiasAdd(Kind.F32, true, Exprs.i32(0), local("B"), N, "z", "b", "out"), relu);
        Stmt.BiasAdd plain = RuntimeLoops.biasAdd(rows("z", sum));
        assertEquals(new Stmt.BiasAdd(Kind.F32, false, Exprs.i32(0), local("B"), N, "z", "b", "z"), plain);
        Stmt.ReluGrad grad = RuntimeLoops.reluGrad(flat("out", f32("MUL",
                f32("GT", load("h", I), Exprs.constant(Kind.F32, 0)), load("g", I))));
        assertEquals(new Stmt.ReluGrad(Kind.F32, Exprs.i32(0), local("n"), "h", "g", "out"), grad);
    }

    @Test
    void nearMissesStayLoops() {
        Expr z = load("z", rowMajor(I, J));
        Expr zero = Exprs.constant(Kind.F32, 0);
        // max(v, -0.0) keeps -0.0 where max(v, +0.0) gives +0.0.
        assertNull(RuntimeLoops.biasAdd(rows("out", f32("MAX", f32("ADD", z, load("b", J)),
                Exprs.constant(Kind.F32, -0.0)))));
        assertNull(RuntimeLoops.biasAdd(rows("out", f32("MAX", f32("ADD", z, load("b", I)), zero))), "b by row");
        assertNull(RuntimeLoops.biasAdd(rows("out", f32("ADD", load("b", J), z))), "b + z, not z + b");
        assertNull(RuntimeLoops.biasAdd(rows("out", f32("SUB", z, load("b", J)))), "a difference");
        assertNull(RuntimeLoops.biasAdd(rows("b", f32("ADD", z, load("b", J)))), "writes the bias it reads");
        assertNull(RuntimeLoops.biasAdd(rows("out", f32("ADD", load("z", J), load("b", J)))), "z by column");
        assertNull(RuntimeLoops.reluGrad(flat("out", f32("MUL", f32("GT", load("h", I), Exprs.constant(Kind.F32, 1)),
                load("g", I)))), "compared with 1");
        assertNull(RuntimeLoops.reluGrad(flat("out", f32("MUL", load("g", I),
                f32("GT", load("h", I), zero)))), "the factors the other way round");
        assertNull(RuntimeLoops.reluGrad(flat("out", f32("SELECT", f32("GT", load("h", I), zero), load("g", I),
                zero))), "a select");
        assertNull(RuntimeLoops.reluGrad(flat("out", f32("MUL", f32("GT", load("h", J), zero), load("g", I)))),
                "h at another index");
    }

    @Test
    void aTrainingStepOfAnMlpCallsTheRuntimeForEachLoop() {
        Program p = RuntimeLoops.run(Parallelize.run(lowered()));
        List<Stmt> calls = new ArrayList<>();
        for (Method m : p.methods()) {
            collect(m.body(), calls);
        }
        // h = relu(x @ W1 + b1) and logits = h @ W2 + b2, in predict, evaluate, gradients and the
        // step, and relu's derivative in gradients and the step.
        assertTrue(calls.stream().anyMatch(s -> s instanceof Stmt.BiasAdd b && b.relu() && b.b().equals("b1")
                && b.n().equals(Exprs.i32(256))), calls.toString());
        assertTrue(calls.stream().anyMatch(s -> s instanceof Stmt.BiasAdd b && !b.relu() && b.b().equals("b2")),
                calls.toString());
        assertTrue(calls.stream().anyMatch(s -> s instanceof Stmt.ReluGrad), calls.toString());
    }

    /**
     * The same program with and without the runtime calls, compiled and trained side by side:
     * the same bits in the loss, the params and their gradients after every step.
     */
    @Test
    void theRuntimeCallsComputeTheLoopsBits() {
        Program loops = Parallelize.run(lowered());
        Program calls = RuntimeLoops.run(loops);
        CompiledModel a = ModelClassLoader.instantiate(loops.className(), Bytecode.emit(loops));
        CompiledModel b = ModelClassLoader.instantiate(calls.className(), Bytecode.emit(calls));
        for (CompiledModel m : List.of(a, b)) {
            TestPrograms.feedClassifier(m, 64, 128, 3);
        }
        for (int step = 0; step < 3; step++) {
            assertEquals(Double.doubleToRawLongBits(a.trainStep()), Double.doubleToRawLongBits(b.trainStep()));
            for (String param : List.of("W1", "b1", "W2", "b2")) {
                assertArrayEquals(a.param(param).toFloats(), b.param(param).toFloats(), param + ", step " + step);
                assertArrayEquals(a.gradient(param).toFloats(), b.gradient(param).toFloats(), param);
            }
        }
    }

    private static Program lowered() {
        Model model = TestPrograms.fromText("mlp", MLP).model();
        return Lowering.lower(model, Lowering.Options.training(Nnc.className(model.name())));
    }

    private static void collect(List<Stmt> body, List<Stmt> out) {
        for (Stmt s : body) {
            if (s instanceof Stmt.BiasAdd || s instanceof Stmt.ReluGrad) {
                out.add(s);
            } else if (s instanceof Stmt.For f) {
                assertNull(RuntimeLoops.biasAdd(f), "a loop left behind: " + f);
                assertNull(RuntimeLoops.reluGrad(f), "a loop left behind: " + f);
                collect(f.body(), out);
            }
        }
    }
}
