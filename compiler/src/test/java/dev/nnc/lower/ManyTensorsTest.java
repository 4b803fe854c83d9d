package dev.nnc.lower;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.Nnc;
import dev.nnc.codegen.bytecode.Bytecode;
import dev.nnc.runtime.CompiledModel;
import dev.nnc.testing.GeneratedClasses;
import org.junit.jupiter.api.Test;

/**
 * A deep model with hundreds of tensors compiles and trains: {@code resize}, which holds a
 * few instructions per buffer, may pass the JIT's limit because it never runs per step.
 */
class ManyTensorsTest {
    private static final int LAYERS = 40;

    @Test
    void fortyLayersTrain() {
        StringBuilder sb = new StringBuilder("model deep\ndtype f64\ninput x: [B, 4] = [[1, 2, 3, 4], [0, 1, 0, 1]]\n");
        sb.append("h0 = x\n");
        for (int l = 1; l <= LAYERS; l++) {
            sb.append("param W").append(l).append(": [4, 4] = uniform(-0.5, 0.5)\n");
            sb.append("param b").append(l).append(": [4] = zeros\n");
            sb.append("h").append(l).append(" = h").append(l - 1).append(" + 0.1 * tanh(h").append(l - 1)
                    .append(" @ W").append(l).append(" + b").append(l).append(")\n");
        }
        sb.append("loss = mean((h" + LAYERS + " - 1) ^ 2)\ntrain { optimizer = adam(lr = 0.01) }\n");
        var model = TestPrograms.fromText("deep", sb.toString()).model();
        byte[] bytes = Bytecode.emit(Nnc.program(model, Lowering.Options.training("nnc.generated.Deep")));
        GeneratedClasses.assertValid(bytes);
        assertTrue(Bytecode.methodSizes(bytes).get("resize") > Bytecode.MAX_METHOD_BYTES,
                "the test should exercise a resize above the JIT limit");
        CompiledModel m = Nnc.load(model);
        double first = m.trainStep();
        for (int i = 0; i < 50; i++) {
            m.trainStep();
        }
        assertTrue(m.evaluate() < first);
    }
}
