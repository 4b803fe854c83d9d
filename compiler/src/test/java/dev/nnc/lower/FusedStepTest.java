package dev.nnc.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.Nnc;
import dev.nnc.front.Frontend;
import dev.nnc.codegen.bytecode.ModelClassLoader;
import dev.nnc.codegen.java.JavaSource;
import dev.nnc.codegen.java.SourceCompiler;
import dev.nnc.ir.Model;
import dev.nnc.program.Method;
import dev.nnc.program.Program;
import dev.nnc.program.Stmt;
import dev.nnc.runtime.CompiledModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link FusedStep}: plain SGD updates fused into the products of their gradients, in a
 * training step that gives the bits of the gradients followed by the update.
 */
class FusedStepTest {

    private static String mlp(String optimizer, String extra) {
        return """
                model mlp
                input x: [B, 48]
                input y: int[B]
                param W1: [48, 32] = he_uniform
                param b1: [32]
                param W2: [32, 10] = he_uniform
                param b2: [10]
                h = relu(x @ W1 + b1)
                loss = mean(cross_entropy(h @ W2 + b2, y))
                train {
                  optimizer = %s
                  seed = 3
                  %s
                }
                """.formatted(optimizer, extra);
    }

    private static Program program(String source) {
        Model model = Nnc.checked(Frontend.check("mlp.nn", source.getBytes(StandardCharsets.UTF_8)));
        return Nnc.program(model, Lowering.Options.training("nnc.generated.Mlp"));
    }

    private static List<Stmt.GemmSubtract> fused(Program p) {
        List<Stmt.GemmSubtract> out = new ArrayList<>();
        for (Method m : p.methods()) {
            for (Stmt s : m.body()) {
                if (s instanceof Stmt.GemmSubtract g) {
                    out.add(g);
                }
            }
        }
        return out;
    }

    private static List<String> calls(Method m) {
        List<String> out = new ArrayList<>();
        for (Stmt s : m.body()) {
            if (s instanceof Stmt.Invoke i) {
                out.add(i.method());
            }
        }
        return out;
    }

    @Test
    void sgdUpdatesOfWeightsAreFusedAndBiasesKeepTheirLoops() {
        Program p = program(mlp("sgd(lr = 0.1)", ""));
        List<Stmt.GemmSubtract> fused = fused(p);
        assertEquals(List.of("W1", "W2"), fused.stream().map(Stmt.GemmSubtract::target).sorted().toList());
        for (Stmt.GemmSubtract g : fused) {
            assertEquals("dloss_d" + g.target(), g.product().c(), "the product is the gradient");
        }
        List<String> step = calls(p.method(Program.TRAIN_STEP));
        assertTrue(step.contains("update_b1") && step.contains("update_b2"), step.toString());
        assertFalse(step.contains("update_W1") || step.contains("update_W2"), step.toString());
        // The separate update still updates everything, for computeGradients then applyUpdate.
        assertEquals(List.of("update_W1", "update_b1", "update_W2", "update_b2"),
                calls(p.method(Program.UPDATE)));
    }

    @Test
    void biasGradientsAreTheRuntimesColumnSumsUnlessSmallAndFixed() {
        Program p = program(mlp("sgd(lr = 0.1)", ""));
        List<String> sums = new ArrayList<>();
        for (Method m : p.methods()) {
            for (Stmt s : m.body()) {
                if (s instanceof Stmt.SumRows r) {
                    sums.add(r.out());
                }
            }
        }
        assertEquals(List.of("dloss_db1", "dloss_db2"), sums.stream().sorted().toList());
        Program small = program("""
                model small
                input x: [4, 3]
                input y: int[4]
                param W: [3, 2] = he_uniform
                param b: [2]
                loss = mean(cross_entropy(x @ W + b, y))
                train {
                  optimizer = sgd(lr = 0.1)
                }
                """);
        assertFalse(JavaSource.emit(small).contains("sumRows"), "a 4 x 2 sum stays loops, for the unroller");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd(lr = 0.1, momentum = 0.9)", "sgd(lr = 0.1, weight_decay = 0.01)",
        "adam(lr = 0.01)", "adamw(lr = 0.01)"})
    void otherOptimizersKeepTheBaseClassStep(String optimizer) {
        Program p = program(mlp(optimizer, ""));
        assertTrue(fused(p).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> p.method(Program.TRAIN_STEP));
    }

    @Test
    void clippedGradientsKeepTheBaseClassStep() {
        Program p = program(mlp("sgd(lr = 0.1)", "clip_norm = 1.0"));
        assertThrows(IllegalArgumentException.class, () -> p.method(Program.TRAIN_STEP));
    }

    @Test
    void aParamReadAfterItsGradientIsComputedIsNotFused() {
        // W appears twice: its gradient is a sum, written by an add, not by one product.
        Program p = program("""
                model tied
                input x: [B, 16]
                input y: int[B]
                param W: [16, 16] = he_uniform
                loss = mean(cross_entropy(relu(x @ W) @ W, y))
                train {
                  optimizer = sgd(lr = 0.1)
                }
                """);
        assertTrue(fused(p).isEmpty(), p.methods().toString());
    }

    @Test
    void fusedStepsAreUnfusedStepsBitForBitInBothBackends() {
        Program p = program(mlp("sgd(lr = 0.1)", ""));
        CompiledModel fromBytes = ModelClassLoader.instantiate(p);
        CompiledModel fromSource = SourceCompiler.instantiate(p);
        CompiledModel separate = ModelClassLoader.instantiate(p);
        assertTrue(JavaSource.emit(p).contains("Gemm.sgemmSubtract(true, false, 48, 32, B, 1.0f, x, 0, 48, "));
        for (CompiledModel m : List.of(fromBytes, fromSource, separate)) {
            TestPrograms.feedClassifier(m, 48, 40, 5);
        }
        for (int step = 0; step < 4; step++) {
            double loss = fromBytes.trainStep();
            assertEquals(loss, fromSource.trainStep());
            assertEquals(loss, separate.computeGradients());
            separate.applyUpdate();
        }
        for (CompiledModel m : List.of(fromSource, separate)) {
            assertEquals(4, m.updates());
            for (String param : List.of("W1", "b1", "W2", "b2")) {
                assertArrayEquals(fromBytes.param(param).toFloats(), m.param(param).toFloats(), param);
                assertArrayEquals(fromBytes.gradient(param).toFloats(), m.gradient(param).toFloats(), param);
            }
        }
    }

    @Test
    void aStepThatFailsIsNotCounted() {
        CompiledModel m = ModelClassLoader.instantiate(program(mlp("sgd(lr = 0.1)", "")));
        TestPrograms.feedClassifier(m, 48, 8, 6);
        m.trainStep();
        float[] w1 = m.param("W1").toFloats();
        int[] y = new int[8];
        y[3] = 12;
        m.input("y").copyFrom(y);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, m::trainStep);
        assertTrue(e.getMessage().contains("label 12 of example 3"), e.getMessage());
        assertEquals(1, m.updates());
        assertArrayEquals(w1, m.param("W1").toFloats(), "no update");
    }

}
