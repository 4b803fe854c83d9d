package dev.nnc.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.autodiff.Differentiate;
import dev.nnc.diag.DiagnosticPrinter;
import dev.nnc.front.CheckResult;
import dev.nnc.front.Frontend;
import dev.nnc.interp.Interpreter;
import dev.nnc.ir.Graph;
import dev.nnc.ir.GraphPrinter;
import dev.nnc.ir.Model;
import dev.nnc.ir.Node;
import dev.nnc.ir.Tensor;
import dev.nnc.syntax.SourceFile;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Each pass on small graphs whose optimised form is written out by hand. */
class PassesTest {

    static Model model(String source) {
        CheckResult r = Frontend.check(new SourceFile("p.nn", source));
        assertTrue(r.ok(), () -> DiagnosticPrinter.render(r.diagnostics()));
        return Differentiate.expandGrads(r.model());
    }

    /** The node lines of a graph without the columns that do not matter here. */
    static String ops(Graph g) {
        StringBuilder sb = new StringBuilder();
        for (String line : GraphPrinter.print(g).split("\n")) {
            if (line.startsWith("%")) {
                sb.append(line.replaceAll("\\s+f64\\s+line \\d+.*$", "").replaceAll("\\s+", " ").strip()).append('\n');
            }
        }
        return sb.toString();
    }

    private static String after(String source, UnaryOperator<Graph> pass) {
        return ops(pass.apply(model(source).graph()));
    }

    @Test
    void constantFoldingEvaluatesConstantSubtrees() {
        assertEquals("""
                %0 x = input x []
                %1 a = const 2.0 []
                %2 b = const 3.0 []
                %3 = const 6.0 []
                %4 y = mul %0, %3 []
                """, after("dtype f64\ninput x: []\nconst a = 2\nconst b = 3\ny = x * (a * b)\n", ConstantFolding::run));
    }

    @Test
    void simplifyRemovesIdentities() {
        assertEquals("""
                %0 x = input x [3]
                %1 = const 1.0 []
                %2 = mul %0, %1 [3]
                %3 = const 0.0 []
                %4 y = add %2, %3 [3]
                """, after("dtype f64\ninput x: [3]\ny = x * 1 + 0\n", UnaryOperator.identity()));
        String simplified = after("dtype f64\ninput x: [3]\ny = x * 1 + 0\n", Simplify::run);
        assertTrue(!simplified.contains("mul") && !simplified.contains("add"), "y is x itself:\n" + simplified);
        assertEquals("%0 x, y = input x [3]", simplified.lines().findFirst().orElseThrow());
    }

    @Test
    void identityThatWouldDropABroadcastStays() {
        String s = after("dtype f64\ninput x: []\nconst z: [3] = 0\ny = x + z\n", Simplify::run);
        assertTrue(s.contains("y = add %0, %1 [3]"), s);
    }

    @Test
    void simplifyRewrites() {
        assertTrue(after("dtype f64\ninput x: [2]\ny = -(-x)\n", Simplify::run).contains("x, y = input x"));
        assertTrue(after("dtype f64\ninput x: [2]\ny = log(exp(x))\n", Simplify::run).contains("x, y = input x"));
        assertTrue(after("dtype f64\ninput x: [2]\ny = x^2\n", Simplify::run).contains("y = mul %0, %0 [2]"));
        assertTrue(after("dtype f64\ninput x: [2]\ninput z: [2]\ny = x - -z\n", Simplify::run)
                .contains("y = add %0, %1 [2]"));
        String logSoftmax = after("dtype f64\ninput z: [2, 3]\ny = log(softmax(z))\n", Simplify::run);
        assertTrue(logSoftmax.contains("y = log_softmax(axis=-1) %0 [2, 3]"), logSoftmax);
        String logSigmoid = after("dtype f64\ninput x: [2]\ny = log(sigmoid(x))\n", Simplify::run);
        assertTrue(logSigmoid.contains("= softplus %"), logSigmoid);
    }

    @Test
    void commonSubexpressionsMerge() {
        String s = after("dtype f64\ninput x: [2]\ny = sigmoid(x) + sigmoid(x)\n", CommonSubexpressions::run);
        assertEquals(1, s.lines().filter(l -> l.contains("sigmoid")).count(), s);
        assertTrue(s.contains("y = add %1, %1 [2]"), s);
    }

    @Test
    void deadCodeGoesButInputsAndParamsStay() {
        Graph g = model("dtype f64\ninput x: [2]\ninput unused: [3]\nparam w: [2]\ny = x * 2\n").graph();
        Graph simplified = Simplify.run(CommonSubexpressions.run(g));
        Graph pruned = DeadCode.run(simplified, java.util.List.of("y"));
        String s = ops(pruned);
        assertTrue(s.contains("unused = input unused") && s.contains("w = param w"), s);
        Graph onlyX = DeadCode.run(model("dtype f64\ninput x: [2]\na = x * 3\nb = exp(a)\n").graph(), java.util.List.of("a"));
        assertTrue(!ops(onlyX).contains("exp"), ops(onlyX));
    }

    @Test
    void stableFormsAtTheExtremes() {
        for (double x : new double[] {-1000, 1000}) {
            Model m = model("dtype f64\ninput x: []\ny = log(sigmoid(x))\n");
            Graph optimized = Passes.optimize(m.graph());
            Model om = new Model(m.name(), m.dtype(), optimized, -1, m.train());
            double y = Interpreter.run(om, Map.of("x", Tensor.scalar(x))).value("y").item();
            assertEquals(Math.min(x, 0), y, 1e-12, "log(sigmoid(" + x + "))");
        }
        Model m = model("dtype f32\ninput z: [2]\ny = log(softmax(z))\n");
        Model om = new Model(m.name(), m.dtype(), Passes.optimize(m.graph()), -1, m.train());
        Tensor y = Interpreter.run(om, Map.of("z", Tensor.vector(1000, -1000))).value("y");
        assertEquals(0.0, y.get(0));
        assertEquals(-2000.0, y.get(1));
    }

    @Test
    void backwardReusesForwardValues() {
        Model m = Differentiate.gradients(model("dtype f64\ninput x: [2]\nparam w: [2]\nloss = sum(sigmoid(x * w))\n"), "loss").model();
        Graph g = Passes.optimize(m.graph());
        long sigmoids = g.nodes().stream().filter(n -> n.op().name().equals("sigmoid")).count();
        assertEquals(1, sigmoids, "the derivative uses the forward sigmoid's output:\n" + GraphPrinter.print(g));
        Node derivative = g.nodes().stream().filter(n -> n.op().name().equals("sigmoid'")).findFirst().orElseThrow();
        assertEquals("sigmoid", g.node(derivative.input(0)).op().name());
    }
}
