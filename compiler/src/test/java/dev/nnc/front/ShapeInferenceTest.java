package dev.nnc.front;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.ir.DType;
import dev.nnc.ir.Model;
import dev.nnc.ir.Node;
import dev.nnc.ir.TrainSettings;
import dev.nnc.ir.Optimizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** What the front end infers: shapes through broadcasting and @, dtypes, names, settings. */
class ShapeInferenceTest {

    private static String shapeOf(String declarations, String expr) {
        Model m = Diagnose.ok(declarations + "\nr = " + expr + "\n").model();
        return m.graph().named("r").type().toString();
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "[2, 3]  | +  | [3]     | [2, 3]",
            "[2, 1]  | *  | [1, 3]  | [2, 3]",
            "[]      | -  | [B, 4]  | [B, 4]",
            "[B, 10] | +  | [10]    | [B, 10]",
            "[B, 1]  | /  | [B, 5]  | [B, 5]",
            "[3]     | ^  | []      | [3]",
            "[4, 1, 3] | + | [2, 1] | [4, 2, 3]",
            "[B, 784] | @ | [784, 256] | [B, 256]",
            "[3]     | @  | [3, 5]  | [5]",
            "[5, 3]  | @  | [3]     | [5]",
            "[3]     | @  | [3]     | []",
    })
    void binaryShapes(String left, String op, String right, String result) {
        String decls = "input a: " + left.trim() + "\ninput b: " + right.trim();
        assertEquals(result.trim(), shapeOf(decls, "a " + op.trim() + " b"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "sum(x)                          | []",
            "sum(x, axis = 0)                | [3, 4]",
            "mean(x, axis = -1)              | [B, 3]",
            "max(x, axis = [1, 2])           | [B]",
            "logsumexp(x, axis = 1, keepdims = true) | [B, 1, 4]",
            "softmax(x)                      | [B, 3, 4]",
            "reshape(x, [B, 12])             | [B, 12]",
            "reshape(x, [-1, 4])             | error",
    })
    void builtinShapes(String expr, String result) {
        String decls = "input x: [B, 3, 4]";
        if (result.trim().equals("error")) {
            assertEquals(false, Diagnose.check(decls + "\nr = " + expr + "\n").ok());
        } else {
            assertEquals(result.trim(), shapeOf(decls, expr));
        }
    }

    @Test
    void crossEntropyPerExample() {
        assertEquals("[B]", shapeOf("input z: [B, 10]\ninput y: int[B]", "cross_entropy(z, y)"));
        assertEquals("[]", shapeOf("input z: [10]\ninput y: int[]", "cross_entropy(z, y)"));
    }

    @Test
    void functionsAreInlinedAtEachCall() {
        Model m = Diagnose.ok("""
                input x: [B, 4]
                param W1: [4, 8] = glorot_uniform
                param W2: [8, 2] = glorot_uniform
                fn dense(v, W) = relu(v @ W)
                h = dense(x, W1)
                r = dense(h, W = W2)
                """).model();
        assertEquals("[B, 2]", m.graph().named("r").type().toString());
        long matmuls = m.graph().nodes().stream().filter(n -> n.op().name().equals("matmul")).count();
        assertEquals(2, matmuls);
        Node inner = m.graph().named("r");
        assertEquals(4, inner.span().line(), "inlined nodes keep the span inside the function body");
    }

    @Test
    void dtypeAppliesToEveryConstant() {
        Model m = Diagnose.ok("dtype f64\ninput x: [2]\nr = x * 0.5\n").model();
        assertEquals(DType.F64, m.dtype());
        for (Node n : m.graph().nodes()) {
            assertEquals(DType.F64, n.dtype());
        }
        assertEquals(DType.F32, Diagnose.ok("input x: [2]\nr = x * 0.5\n").model().dtype());
    }

    @Test
    void modelNameDefaultsToFileName() {
        assertEquals("test", Diagnose.ok("input x: []\nr = x\n").model().name());
        assertEquals("net", Diagnose.ok("model net\ninput x: []\nr = x\n").model().name());
    }

    @Test
    void trainSettingsAreTyped() {
        Model m = Diagnose.ok("""
                input x: []
                param w: []
                loss = x * w
                train {
                  optimizer = adamw(lr = 0.1 / 128, weight_decay = 0.05)
                  batch = 64
                  epochs = 3
                  seed = 7
                  clip_norm = 1.5
                }
                """).model();
        TrainSettings t = m.train();
        assertEquals(new Optimizer.AdamW(0.1 / 128, 0.9, 0.999, 1e-8, 0.05), t.optimizer());
        assertEquals(64, t.batch());
        assertEquals(3, t.epochs());
        assertEquals(7, t.seed());
        assertEquals(1.5, t.clipNorm());
        assertEquals(new Optimizer.Sgd(0.5, 0.9, true, 0.0),
                Diagnose.ok("input x: []\nloss = x\ntrain {\n optimizer = sgd(lr = 0.5, momentum = 0.9, nesterov = true)\n}\n")
                        .model().train().optimizer());
        assertEquals(TrainSettings.defaults(), Diagnose.ok("input x: []\nloss = x\n").model().train());
    }

    @Test
    void inputDefaultsBindSymbols() {
        Model m = Diagnose.ok("input x: [B, 2] = [[0, 0], [0, 1], [1, 0]]\ninput t: [B] = [0, 1, 1]\nr = x\n").model();
        assertEquals("[B, 2]", m.graph().named("x").type().toString());
    }

    @Test
    void scalarFillsAFixedShape() {
        Model m = Diagnose.ok("param b: [3] = 0.25\nconst c: [2, 2] = 1\nr = b\n").model();
        assertEquals("[3]", m.graph().named("b").type().toString());
        assertEquals("[2, 2]", m.graph().named("c").type().toString());
    }
}
