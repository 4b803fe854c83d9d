package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nnc grad, explain and graph on the samples, checked against independent computations. */
class DifferentiationCommandsTest {

    record Run(int code, String out, String err) {}

    static Run nnc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err), Map.of(), Toolchain.standard());
        return new Run(code, out.toString(), err.toString());
    }

    static String sample(String name) {
        return Path.of("..", "samples", name).toString();
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /**
     * Mazur's gradients derived by hand, as the textbook writes them: the output deltas, then
     * the hidden deltas through the (not yet updated) output weights.
     */
    static double[] mazurGradients() {
        double[] x = {0.05, 0.10};
        double[] t = {0.01, 0.99};
        double[][] w1 = {{0.15, 0.20}, {0.25, 0.30}};
        double[][] w2 = {{0.40, 0.45}, {0.50, 0.55}};
        double[] h = new double[2];
        double[] o = new double[2];
        for (int i = 0; i < 2; i++) {
            h[i] = sigmoid(w1[i][0] * x[0] + w1[i][1] * x[1] + 0.35);
        }
        for (int i = 0; i < 2; i++) {
            o[i] = sigmoid(w2[i][0] * h[0] + w2[i][1] * h[1] + 0.60);
        }
        double[] deltaO = new double[2];
        for (int i = 0; i < 2; i++) {
            deltaO[i] = -(t[i] - o[i]) * o[i] * (1 - o[i]);
        }
        double[] deltaH = new double[2];
        for (int j = 0; j < 2; j++) {
            deltaH[j] = (deltaO[0] * w2[0][j] + deltaO[1] * w2[1][j]) * h[j] * (1 - h[j]);
        }
        return new double[] {
            deltaH[0] * x[0], deltaH[0] * x[1], deltaH[1] * x[0], deltaH[1] * x[1],
            deltaO[0] * h[0], deltaO[0] * h[1], deltaO[1] * h[0], deltaO[1] * h[1],
        };
    }

    private static List<Double> numbers(String json) {
        List<Double> out = new ArrayList<>();
        Matcher m = Pattern.compile("-?\\d+(\\.\\d+)?(E-?\\d+)?").matcher(json);
        while (m.find()) {
            out.add(Double.parseDouble(m.group()));
        }
        return out;
    }

    private static String field(String json, String key) {
        int start = json.indexOf("\"" + key + "\": [");
        int depth = 0;
        for (int i = json.indexOf('[', start); i < json.length(); i++) {
            depth += json.charAt(i) == '[' ? 1 : json.charAt(i) == ']' ? -1 : 0;
            if (depth == 0) {
                return json.substring(json.indexOf('[', start), i + 1);
            }
        }
        throw new AssertionError("no " + key + " in " + json);
    }

    @Test
    void gradJsonPrintsMazursGradients() {
        Run run = nnc("grad", sample("mazur.nn"), "--json");
        assertEquals(0, run.code(), run.err());
        assertEquals(1, run.out().lines().count(), "exactly one JSON object");
        String json = run.out();
        assertTrue(json.startsWith("{\"model\": \"mazur\", \"objective\": \"loss\", \"value\": 0.29837110876"), json);
        String grads = json.substring(json.indexOf("\"grads\""));
        double[] expected = mazurGradients();
        List<Double> w1 = numbers(field(grads, "W1"));
        List<Double> w2 = numbers(field(grads, "W2"));
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], w1.get(i), 1e-15 * Math.abs(expected[i]) + 1e-18, "dW1 " + i);
            assertEquals(expected[4 + i], w2.get(i), 1e-15 * Math.abs(expected[4 + i]), "dW2 " + i);
        }
        assertEquals(0.082167041, w2.get(0), 5e-10, "Mazur's dE/dw5");
        assertTrue(grads.contains("\"x\": [") && grads.contains("\"t\": ["), "float inputs get gradients too");
        assertTrue(!grads.contains("\"b1\""), "consts get none");
    }

    @Test
    void gradOfAnotherObjective() {
        Run run = nnc("grad", sample("second_order.nn"), "--of", "dy", "--json");
        assertEquals(0, run.code(), run.err());
        // d/dx (1 - tanh(x)^2) = -2 tanh(x) (1 - tanh(x)^2) at 0.5
        assertTrue(run.out().contains("\"grads\": {\"x\": -0.72686198138358"), run.out());
    }

    @Test
    void gradUsageErrors() {
        Run unknown = nnc("grad", sample("mazur.nn"), "--of", "los");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("has no value named 'los'; did you mean 'loss'?"), unknown.err());
        Run vector = nnc("grad", sample("mazur.nn"), "--of", "o");
        assertEquals(1, vector.code());
        assertTrue(vector.err().contains("'o' has type [2], but only a float scalar can be differentiated"), vector.err());
    }

    @Test
    void gradHumanOutput() {
        Run run = nnc("grad", sample("mazur.nn"));
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith("loss = 0.2983711087600027\n"), run.out());
        assertTrue(run.out().contains("gradients of loss:\n  dloss/dx = "), run.out());
    }

    @Test
    void explainSpellsOutMazursChain() {
        Run run = nnc("explain", sample("mazur.nn"), "--wrt", "W2");
        assertEquals(0, run.code(), run.err());
        assertEquals("""
                dloss/dW2[0, 0] = dloss/do[0] * do[0]/d(W2 @ h + b2)[0] * d(W2 @ h + b2)[0]/dW2[0, 0]
                                = 0.74136507 * 0.186815602 * 0.593269992
                                = 0.082167041
                """, run.out());
        Run w1 = nnc("explain", sample("mazur.nn"), "--wrt", "W1[0, 0]");
        assertTrue(w1.out().contains("= 0.036350306 * 0.241300709 * 0.05\n"), w1.out());
        assertTrue(w1.out().contains("= 0.000438568\n"), w1.out());
    }

    @Test
    void explainOnABatchSaysWhyThereIsNoSingleChain() {
        Run batch = nnc("explain", sample("xor.nn"), "--wrt", "W2");
        assertEquals(0, batch.code(), batch.err());
        assertTrue(batch.out().contains("No single chain"), batch.out());
        Run one = nnc("explain", sample("xor.nn"), "--wrt", "W1[0, 1]", "--set", "x=[[1, 0]]", "--set", "t=[[1]]");
        assertEquals(0, one.code(), one.err());
        assertTrue(one.out().startsWith("dloss/dW1[0, 1] = dloss/dz[0, 0] * dz[0, 0]/dh[0, 1] * dh[0, 1]/d(x @ W1 + b1)[0, 1]"
                + " * d(x @ W1 + b1)[0, 1]/dW1[0, 1]\n"), one.out());
        String product = one.out().lines().skip(1).findFirst().orElseThrow();
        double p = 1;
        for (String factor : product.replace("=", "").split("\\*")) {
            p *= Double.parseDouble(factor.trim());
        }
        double gradient = Double.parseDouble(one.out().lines().skip(2).findFirst().orElseThrow().replace("=", "").trim());
        assertEquals(gradient, p, 1e-8, "the printed factors multiply to the printed gradient");
    }

    @Test
    void explainListsBackwardNodesWithTheirOrigin() {
        Run run = nnc("explain", sample("mazur.nn"));
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("= sigmoid' %11, "), run.out());
        assertTrue(run.out().contains("from %11 sigmoid"), run.out());
        assertTrue(run.out().contains("dloss/dW2 = %"), run.out());
    }

    @Test
    void explainUsageErrors() {
        assertEquals(2, nnc("explain", sample("mazur.nn"), "--wrt", "W3").code());
        assertEquals(2, nnc("explain", sample("mazur.nn"), "--wrt", "W2[0]").code());
        assertEquals(2, nnc("explain", sample("mazur.nn"), "--wrt", "W2[2, 0]").code());
        Run constant = nnc("explain", sample("mazur.nn"), "--wrt", "b1");
        assertEquals(2, constant.code());
        assertTrue(constant.err().contains("no float param or input named 'b1'"), constant.err());
    }

    @Test
    void graphAsDot(@TempDir Path dir) throws Exception {
        Run forward = nnc("graph", sample("mazur.nn"));
        assertEquals(0, forward.code(), forward.err());
        assertTrue(forward.out().startsWith("digraph \"mazur\" {\n"), forward.out());
        assertTrue(!forward.out().contains("#f8dcc8"), "no backward nodes without --backward");
        Run backward = nnc("graph", sample("mazur.nn"), "--backward", "-o", dir.resolve("m.dot").toString());
        assertEquals(0, backward.code(), backward.err());
        String dot = Files.readString(dir.resolve("m.dot"));
        assertTrue(dot.contains("fillcolor=\"#f8dcc8\"") && dot.contains("sigmoid'"), dot);
    }

    @Test
    void graphAsSvgUsesDotOrSaysHowToGetIt(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("m.svg");
        Run run = nnc("graph", sample("mazur.nn"), "-o", svg.toString());
        if (run.code() == 0) {
            assertTrue(Files.readString(svg).contains("<svg"), "dot drew an SVG");
        } else {
            assertEquals(1, run.code());
            assertTrue(run.err().contains("apt-get install graphviz"), run.err());
        }
    }
}
