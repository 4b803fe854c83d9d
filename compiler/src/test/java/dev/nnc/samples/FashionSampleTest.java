package dev.nnc.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nnc.Nnc;
import dev.nnc.lower.TestPrograms;
import dev.nnc.runtime.CompiledModel;
import dev.nnc.runtime.DType;
import dev.nnc.runtime.Trainer;
import dev.nnc.runtime.data.Dataset;
import dev.nnc.runtime.data.Idx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * samples/fashion_mlp.nn on Fashion-MNIST from Debian's dataset-fashion-mnist, when it is
 * installed (.ci/run installs it): one epoch on the first 5,000 training images, pixels
 * scaled to [0, 1], classifies more than 70% of the 10,000 test images. The full run's figure
 * is in samples/README.md.
 */
class FashionSampleTest {
    static final Path DATA = Path.of("/usr/share/datasets/fashion-mnist");

    static Dataset load(String prefix) {
        return Idx.load(DATA.resolve(prefix + "-images-idx3-ubyte.gz"), DATA.resolve(prefix + "-labels-idx1-ubyte.gz"),
                DType.F32, 1 / 255.0, 10);
    }

    @Test
    void oneEpochOnFiveThousandImagesClassifiesMoreThan70PercentOfTheTestSet() {
        assumeTrue(Files.isRegularFile(DATA.resolve("t10k-labels-idx1-ubyte.gz")),
                "Fashion-MNIST is not installed (Debian package dataset-fashion-mnist)");
        Dataset train = load("train").select(IntStream.range(0, 5000).toArray());
        Dataset test = load("t10k");
        assertEquals(10_000, test.size());
        CompiledModel model = Nnc.compile(TestPrograms.root().resolve("samples/fashion_mlp.nn"));
        Trainer.Result result = new Trainer(model, Trainer.Options.of(model.spec()).withEpochs(1))
                .train(train, (epoch, step, loss) -> {});
        assertEquals(40, result.steps());
        double accuracy = accuracy(model, test);
        assertTrue(accuracy > 0.70, "test accuracy " + accuracy);
    }

    /** Accuracy over a data set, a training batch at a time (a larger batch would replace the input arrays a Trainer holds). */
    static double accuracy(CompiledModel model, Dataset data) {
        int right = 0;
        int chunk = model.spec().train().batch();
        float[] pixels = data.features().floats();
        int[] labels = data.labels().ints();
        for (int start = 0; start < data.size(); start += chunk) {
            int n = Math.min(chunk, data.size() - start);
            model.setBatch(n);
            model.input("x").copyFrom(java.util.Arrays.copyOfRange(pixels, start * 784, (start + n) * 784));
            model.predict();
            float[] logits = model.output("logits").toFloats();
            for (int i = 0; i < n; i++) {
                int best = 0;
                for (int c = 1; c < 10; c++) {
                    best = logits[i * 10 + c] > logits[i * 10 + best] ? c : best;
                }
                right += best == labels[start + i] ? 1 : 0;
            }
        }
        return (double) right / data.size();
    }
}
