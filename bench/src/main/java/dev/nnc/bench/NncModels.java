package dev.nnc.bench;

import dev.nnc.Nnc;
import dev.nnc.bench.baseline.MazurStep;
import dev.nnc.bench.baseline.MlpProblem;
import dev.nnc.bench.baseline.MlpStep;
import dev.nnc.runtime.CompiledModel;
import dev.nnc.runtime.TensorView;

/**
 * nnc's side of the benchmarks: the same networks as the hand-written baselines, written in
 * the language and compiled, started from the same weights and fed the same data.
 */
public final class NncModels {

    private NncModels() {}

    /** samples/mazur.nn, word for word. */
    public static final String MAZUR = """
            model mazur
            dtype f64
            input  x: [2] = [0.05, 0.10]
            input  t: [2] = [0.01, 0.99]
            param  W1: [2, 2] = [[0.15, 0.20], [0.25, 0.30]]
            const  b1 = 0.35
            param  W2: [2, 2] = [[0.40, 0.45], [0.50, 0.55]]
            const  b2 = 0.60
            h = sigmoid(W1 @ x + b1)
            output o = sigmoid(W2 @ h + b2)
            loss = sum(0.5 * (t - o)^2)
            train {
              optimizer = sgd(lr = 0.5)
            }
            """;

    /** The baselines' MLP: relu, relu, softmax cross-entropy averaged over the batch, SGD. */
    public static String mlpSource(MlpProblem p) {
        return """
                model mlp
                input x: [B, %d]
                input y: int[B]
                param W1: [%d, %d]
                param b1: [%d]
                param W2: [%d, %d]
                param b2: [%d]
                param W3: [%d, %d]
                param b3: [%d]
                h1 = relu(x @ W1 + b1)
                h2 = relu(h1 @ W2 + b2)
                logits = h2 @ W3 + b3
                loss = mean(cross_entropy(logits, y))
                train {
                  optimizer = sgd(lr = %s)
                }
                """.formatted(p.size(0), p.size(0), p.size(1), p.size(1), p.size(1), p.size(2), p.size(2), p.size(2),
                p.size(3), p.size(3), Float.toString(MlpStep.LR));
    }

    public static CompiledModel mazur() {
        CompiledModel m = Nnc.compile(MAZUR);
        if (m.param("W1").get(0) != MazurStep.W1[0]) {
            throw new IllegalStateException("nnc's Mazur does not start from the baseline's weights");
        }
        return m;
    }

    /** The MLP with the problem's weights and batch copied in. */
    public static CompiledModel mlp(MlpProblem p) {
        CompiledModel m = Nnc.compile(mlpSource(p));
        new Start(m, p).reset();
        m.setBatch(p.batch());
        m.input("x").copyFrom(p.inputs());
        m.input("y").copyFrom(p.labels());
        return m;
    }

    /**
     * The problem's initial weights for one model, fetched once, so that putting them back
     * allocates nothing, as the baselines' resets do: JMH's gc profiler counts what an
     * iteration's setup allocates as the iteration's (a copy of the weights per iteration read
     * as about 940 bytes a step).
     */
    public static final class Start {
        private final TensorView[] params;
        private final float[][] values;

        public Start(CompiledModel m, MlpProblem p) {
            params = new TensorView[2 * p.layers()];
            values = new float[2 * p.layers()][];
            for (int l = 0; l < p.layers(); l++) {
                params[2 * l] = m.param("W" + (l + 1));
                values[2 * l] = p.weights(l);
                params[2 * l + 1] = m.param("b" + (l + 1));
                values[2 * l + 1] = p.biases(l);
            }
        }

        /** Puts the initial weights back. */
        public void reset() {
            for (int i = 0; i < params.length; i++) {
                params[i].copyFrom(values[i]);
            }
        }
    }
}
