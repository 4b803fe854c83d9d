package dev.nnc.samples;

import dev.nnc.lower.TestPrograms;
import dev.nnc.runtime.CompiledModel;
import dev.nnc.runtime.data.Csv;
import dev.nnc.runtime.data.CsvOptions;
import dev.nnc.runtime.data.Dataset;
import java.nio.file.Path;

/**
 * Iris as the samples use it: samples/data/iris.csv with the species as labels, and a
 * classifier's accuracy on a part of it.
 */
final class IrisData {
    /** The share of the flowers held out: 30 of 150, 10 of each species. */
    static final double HELD_OUT = 0.2;

    private IrisData() {}

    static Path file(String name) {
        return TestPrograms.root().resolve(name);
    }

    static Dataset load() {
        return Csv.load(file("samples/data/iris.csv"), CsvOptions.defaults().withLabel("species"));
    }

    /** Feeds every example of {@code data} to inputs x and y as one batch. */
    static void feed(CompiledModel model, Dataset data) {
        model.setBatch(data.size());
        model.input("x").copyFrom(data.features().floats());
        model.input("y").copyFrom(data.labels().ints());
    }

    /** The class each row of a [N, C] output picks: the index of its largest value. */
    static int[] argmax(CompiledModel model, String output) {
        float[] logits = model.output(output).toFloats();
        int n = model.batch();
        int classes = logits.length / n;
        int[] picked = new int[n];
        for (int i = 0; i < n; i++) {
            for (int c = 1; c < classes; c++) {
                if (logits[i * classes + c] > logits[i * classes + picked[i]]) {
                    picked[i] = c;
                }
            }
        }
        return picked;
    }

    /** The share of {@code data} the model's logits classify correctly. */
    static double accuracy(CompiledModel model, Dataset data) {
        feed(model, data);
        model.predict();
        int[] picked = argmax(model, "logits");
        int[] labels = data.labels().ints();
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            right += picked[i] == labels[i] ? 1 : 0;
        }
        return (double) right / labels.length;
    }
}
