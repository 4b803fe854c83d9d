package dev.nnc.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.diag.DiagnosticPrinter;
import dev.nnc.front.CheckResult;
import dev.nnc.front.Frontend;
import dev.nnc.interp.Evaluation;
import dev.nnc.interp.Interpreter;
import dev.nnc.ir.Model;
import dev.nnc.ir.Tensor;
import dev.nnc.syntax.SourceFile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** grad(f, v) written in the language, expanded and evaluated. */
class LanguageGradTest {

    private static Evaluation run(String source, Map<String, Tensor> feeds) {
        CheckResult r = Frontend.check(new SourceFile("g.nn", source));
        assertTrue(r.ok(), () -> DiagnosticPrinter.render(r.diagnostics()));
        Model m = Differentiate.expandGrads(r.model());
        return Interpreter.run(m, feeds);
    }

    @Test
    void fastGradientSignExampleRaisesTheLoss() {
        String program = """
                dtype f64
                input x: [1, 3] = [[0.2, -0.4, 0.9]]
                input y: int[1] = [2]
                param W: [3, 3] = [[0.5, -0.2, 0.1], [0.3, 0.8, -0.5], [-0.6, 0.1, 0.7]]
                fn logits_of(v) = v @ W
                loss = mean(cross_entropy(logits_of(x), y))
                x_adv = x + 0.1 * sign(grad(loss, x))
                loss_adv = mean(cross_entropy(logits_of(x_adv), y))
                """;
        Evaluation e = run(program, Map.of());
        Tensor x = e.value("x");
        Tensor adv = e.value("x_adv");
        // d loss / d x = (softmax(xW) - onehot(y)) W^T, computed here by hand.
        double[] z = new double[3];
        double[][] w = {{0.5, -0.2, 0.1}, {0.3, 0.8, -0.5}, {-0.6, 0.1, 0.7}};
        for (int j = 0; j < 3; j++) {
            for (int k = 0; k < 3; k++) {
                z[j] += x.get(k) * w[k][j];
            }
        }
        double max = Math.max(z[0], Math.max(z[1], z[2]));
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        double[] dz = new double[3];
        for (int j = 0; j < 3; j++) {
            dz[j] = Math.exp(z[j] - max) / sum - (j == 2 ? 1 : 0);
        }
        for (int k = 0; k < 3; k++) {
            double dx = 0;
            for (int j = 0; j < 3; j++) {
                dx += dz[j] * w[k][j];
            }
            assertEquals(x.get(k) + 0.1 * Math.signum(dx), adv.get(k), 1e-15);
        }
        assertTrue(e.value("loss_adv").item() > e.value("loss").item(), "the step goes up the loss");
    }

    @Test
    void gradWithRespectToAParamInsideAFunction() {
        Evaluation e = run("dtype f64\ninput x: [] = 3\nparam w: [] = 2\nfn f(v) = v * v * w\nl = f(x)\ng = grad(l, w)\n",
                Map.of());
        assertEquals(9.0, e.value("g").item(), 0);
    }
}
