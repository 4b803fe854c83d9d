package dev.nnc.runtime.app;

import dev.nnc.runtime.CompiledModel;

/**
 * Runs a model over a data set in file order, in batches of the training batch size, and
 * measures its loss and accuracy (see {@link DataLayout} for what accuracy means for which
 * model). Uses the model's own input and output arrays: nothing is allocated per batch.
 */
final class Evaluator {
    private final CompiledModel model;
    private final DataLayout layout;
    private final int batchSize;

    Evaluator(CompiledModel model, DataLayout layout, int batchSize) {
        this.model = model;
        this.layout = layout;
        this.batchSize = batchSize;
    }

    Metrics evaluate(Examples data) {
        Feeder feeder = Feeder.inOrder(model, layout.batchSymbol(), data, batchSize);
        DataLayout.Accuracy kind = layout.accuracy();
        Object out = kind == DataLayout.Accuracy.NONE ? null : model.output(layout.compared().name()).array();
        Object labels = kind == DataLayout.Accuracy.NONE ? null : model.input(layout.labels().name()).array();
        double sum = 0;
        long correct = 0;
        boolean binary = true;
        for (int rows = feeder.next(); rows > 0; rows = feeder.next()) {
            sum += model.evaluate() * rows;
            if (kind == DataLayout.Accuracy.ARGMAX) {
                correct += argmaxMatches(out, (int[]) labels, rows, layout.classes());
            } else if (kind == DataLayout.Accuracy.THRESHOLD) {
                int matches = thresholdMatches(out, labels, rows);
                binary &= matches >= 0;
                correct += Math.max(matches, 0);
            }
        }
        int n = feeder.examplesPerEpoch();
        double accuracy = kind == DataLayout.Accuracy.NONE || !binary ? Double.NaN : (double) correct / n;
        return new Metrics(n, sum / n, binary ? (int) correct : 0, accuracy);
    }

    /** How many rows' largest value (the first, on a tie) sits at the row's label. */
    static int argmaxMatches(Object out, int[] labels, int rows, int classes) {
        int correct = 0;
        for (int r = 0; r < rows; r++) {
            int base = r * classes;
            int best = 0;
            if (out instanceof float[] f) {
                for (int k = 1; k < classes; k++) {
                    if (f[base + k] > f[base + best]) {
                        best = k;
                    }
                }
            } else {
                double[] d = (double[]) out;
                for (int k = 1; k < classes; k++) {
                    if (d[base + k] > d[base + best]) {
                        best = k;
                    }
                }
            }
            if (best == labels[r]) {
                correct++;
            }
        }
        return correct;
    }

    /** How many rows' probability is above 0.5 exactly when the target is 1; -1 if a target is not 0 or 1. */
    static int thresholdMatches(Object out, Object targets, int rows) {
        int correct = 0;
        for (int r = 0; r < rows; r++) {
            double p = out instanceof float[] f ? f[r] : ((double[]) out)[r];
            double t = targets instanceof float[] f ? f[r] : ((double[]) targets)[r];
            if (t != 0 && t != 1) {
                return -1;
            }
            if ((p > 0.5) == (t == 1)) {
                correct++;
            }
        }
        return correct;
    }
}
