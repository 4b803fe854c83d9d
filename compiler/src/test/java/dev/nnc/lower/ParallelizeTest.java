package dev.nnc.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nnc.Nnc;
import dev.nnc.ir.ops.Scalar.Fn;
import dev.nnc.program.Buffer;
import dev.nnc.program.Expr;
import dev.nnc.program.Kind;
import dev.nnc.program.Method;
import dev.nnc.program.Program;
import dev.nnc.program.Stmt;
import dev.nnc.runtime.CompiledModel;
import dev.nnc.runtime.gemm.Gemm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Which kernels {@link Parallelize} splits between threads, and that a split model computes
 * the same bits on two threads as on one.
 */
class ParallelizeTest {

    private static final String MLP = """
            model mlp
            input x: [B, 64]
            input y: int[B]
            param W1: [64, 512]
            param b1: [512]
            param W2: [512, 10]
            param b2: [10]
            h = relu(x @ W1 + b1)
            logits = h @ W2 + b2
            loss = mean(cross_entropy(logits, y))
            train {
              optimizer = sgd(lr = 0.1, momentum = 0.9)
            }
            """;

    private static Program program(String source) {
        dev.nnc.ir.Model model = TestPrograms.fromText("parallel.nn", source).model();
        return Nnc.program(model, Lowering.Options.training(Nnc.className(model.name())));
    }

    /** The comment of every kernel that runs through parallel(), by its range method. */
    private static Map<String, String> parallelKernels(Program p) {
        Map<String, String> out = new TreeMap<>();
        for (Method m : p.methods()) {
            for (Stmt s : m.body()) {
                if (s instanceof Stmt.Parallel par) {
                    out.put(par.method(), m.comment());
                    assertTrue(p.method(par.method()).isRange(), par.method());
                }
            }
        }
        return out;
    }

    @Test
    void elementwiseRowsAndUpdatesAreSplitReductionsAndProductsAreNot() {
        Program p = program(MLP);
        Map<String, String> split = parallelKernels(p);
        String all = String.join("\n", split.values());
        assertTrue(all.contains("relu("), all);
        assertTrue(all.contains("softmax"), all);
        assertTrue(all.contains("cross_entropy"), all);
        assertTrue(all.contains("applied to W1"), all);
        assertTrue(!all.contains("applied to b1"), "512 elements: too few for two threads");
        for (String comment : split.values()) {
            String node = comment.lines().findFirst().orElse("");
            assertTrue(!node.contains("= sum_like") && !node.contains("= matmul") && !node.contains("= mean"), node);
        }
        assertEquals(p.rangeMethods().size(), split.size());
    }

    @Test
    void smallFixedLoopsStayAsTheyAre() {
        Program mazur = program("""
                input x: [2] = [0.05, 0.10]
                param W: [2, 2]
                o = sigmoid(W @ x)
                loss = sum(o)
                train {
                  optimizer = sgd(lr = 0.5)
                }
                """);
        assertEquals(List.of(), mazur.rangeMethods());
        Program small = program("""
                input x: [16, 16]
                output y = relu(x) * 2
                """);
        assertEquals(List.of(), small.rangeMethods());
        Program large = program("""
                input x: [512, 512]
                output y = relu(x) * 2
                """);
        assertEquals(1, large.rangeMethods().size(), large.methods().toString());
    }

    @Test
    void aKernelWhoseLocalsReadWhatItsLoopWritesIsNotSplit() {
        // s = W[0]; for i: W[i] = W[i] + s. Another thread would compute s after W[0] changed.
        Expr s = Exprs.local("s", Kind.F32);
        Expr i = Exprs.local("i", Kind.I32);
        Stmt loop = new Stmt.For("i", Exprs.i32(0), Exprs.i32(1 << 20), List.of(new Stmt.Store("W", i,
                Exprs.apply(Fn.ADD, Kind.F32, new Expr.Load("W", Kind.F32, i), s))), true);
        List<Stmt> body = List.of(new Stmt.Declare("s", Kind.F32, new Expr.Load("W", Kind.F32, Exprs.i32(0))), loop);
        Program p = new Program("t.T", Kind.F32, List.of(""), List.of(),
                List.of(new Buffer("W", Kind.F32, Exprs.i32(1 << 20), 0, "")),
                List.of(new Method("k", "", body), new Method(Program.PREDICT, "", List.of(new Stmt.Invoke("k")))));
        assertSame(p, Parallelize.run(p));
        // Without the read, it is split.
        List<Stmt> pure = List.of(new Stmt.Declare("s", Kind.F32, Exprs.constant(Kind.F32, 1)), loop);
        Program q = new Program("t.T", Kind.F32, List.of(""), List.of(),
                List.of(new Buffer("W", Kind.F32, Exprs.i32(1 << 20), 0, "")),
                List.of(new Method("k", "", pure), new Method(Program.PREDICT, "", List.of(new Stmt.Invoke("k")))));
        assertEquals(List.of("k_part"), Parallelize.run(q).rangeMethods());
    }

    @Test
    void grainsAreAboutFiveMicrosecondsOfWork() {
        assertEquals(Parallelize.MIN_BLOCK_COST, Parallelize.grain(1, false));
        assertEquals(4 * Parallelize.MIN_BLOCK_COST, Parallelize.grain(1, true));
        assertEquals(1, Parallelize.grain(Parallelize.MIN_BLOCK_COST * 10L, false));
    }

    private static CompiledModel trained(int threads, int steps) {
        Gemm.setThreads(threads);
        try {
            CompiledModel m = Nnc.compile(MLP);
            TestPrograms.feedClassifier(m, 64, 256, 1);
            for (int i = 0; i < steps; i++) {
                m.trainStep();
            }
            return m;
        } finally {
            Gemm.setThreads(1);
        }
    }

    @Test
    void twoThreadsComputeTheBitsOfOne() {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two processors");
        CompiledModel one = trained(1, 5);
        CompiledModel two = trained(2, 5);
        assertEquals(Double.doubleToLongBits(one.loss()), Double.doubleToLongBits(two.loss()));
        for (String param : List.of("W1", "b1", "W2", "b2")) {
            assertArrayEquals(one.param(param).toFloats(), two.param(param).toFloats(), param);
            assertArrayEquals(one.gradient(param).toFloats(), two.gradient(param).toFloats(), param);
        }
    }

    @Test
    void aBadLabelIsReportedForTheFirstExampleOnAnyNumberOfThreads() {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two processors");
        List<String> messages = new ArrayList<>();
        for (int threads = 1; threads <= 2; threads++) {
            Gemm.setThreads(threads);
            try {
                CompiledModel m = Nnc.compile(MLP);
                TestPrograms.feedClassifier(m, 64, 256, 2);
                int[] y = new int[256];
                m.input("y").copyTo(y, 0);
                y[100] = 10;
                y[250] = -1;
                m.input("y").copyFrom(y);
                messages.add(assertThrows(IllegalArgumentException.class, m::trainStep).getMessage());
            } finally {
                Gemm.setThreads(1);
            }
        }
        assertTrue(messages.get(0).contains("example 100"), messages.get(0));
        assertEquals(messages.get(0), messages.get(1));
    }
}
