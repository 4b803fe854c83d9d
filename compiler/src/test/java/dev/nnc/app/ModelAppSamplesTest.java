package dev.nnc.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nnc.Nnc;
import dev.nnc.cli.Main;
import dev.nnc.cli.Toolchain;
import dev.nnc.lower.TestPrograms;
import dev.nnc.runtime.CompiledModel;
import dev.nnc.runtime.app.ModelApp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime's command line ({@link ModelApp}) on models the compiler really built from the
 * samples: what {@code java -jar model.jar ...} runs, called in-process.
 */
class ModelAppSamplesTest {
    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    record Run(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private static Path sample(String name) {
        return TestPrograms.root().resolve("samples").resolve(name);
    }

    static Run run(CompiledModel model, String source, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ModelApp.run(model, source, List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void xorTrainsOnItsDefaultInputsExactlyAsNncTrainDoes() throws IOException {
        Path xor = sample("xor.nn");
        StringWriter expected = new StringWriter();
        int code = Main.execute(new String[] {"train", xor.toString(), "--json", "--log-every", "100"},
                new PrintWriter(expected, true), new PrintWriter(new StringWriter(), true), Map.of(), Toolchain.standard());
        assertEquals(0, code);

        Run r = run(Nnc.compile(xor), Files.readString(xor), "train", "--json", "--log-every", "100");
        assertEquals(ModelApp.OK, r.code(), r.err());
        assertEquals(expected.toString().lines().toList(), r.lines());
        assertEquals(21, r.lines().size(), "steps 0, 100, ..., 1900 and the last, 2000");
        assertTrue(r.lines().get(20).startsWith("{\"step\": 2000, \"loss\": 0.00"), r.out());
    }

    @Test
    void mazurHasNoBatchAxisSoItTrainsOnlyOnItsDefaults() throws IOException {
        Path mazur = sample("mazur.nn");
        CompiledModel m = Nnc.compile(mazur);
        Run r = run(m, Files.readString(mazur), "train", "--data", "x=anything");
        assertEquals(ModelApp.ERROR, r.code(), r.err());
        assertEquals("error: model 'mazur' has no input with a symbolic batch axis (such as [B, 784]), so it cannot take"
                + " data in batches; train it on its default inputs, without --data\n", r.err());
        Run defaults = run(m, Files.readString(mazur), "train", "--steps", "1", "--json");
        assertEquals(ModelApp.OK, defaults.code(), defaults.err());
        assertEquals(2, defaults.lines().size(), defaults.out());
        Run info = run(m, Files.readString(mazur), "info");
        assertEquals(ModelApp.OK, info.code());
        assertTrue(info.out().contains("  param   W1    f64    [2, 2]  literal\n"), info.out());
        assertTrue(info.out().endsWith("source:\n" + Files.readString(mazur)), info.out());
    }

    /** A small Iris classifier, written here: 4 features, 16 hidden units, 3 classes. */
    private static final String IRIS = """
            model iris
            input x: [B, 4]
            input y: int[B]
            param W1: [4, 16] = he_uniform
            param b1: [16]    = zeros
            param W2: [16, 3] = glorot_uniform
            param b2: [3]     = zeros
            h = relu(x @ W1 + b1)
            output logits = h @ W2 + b2
            loss = mean(cross_entropy(logits, y))
            train {
              optimizer = adam(lr = 0.01)
              batch = 16
              epochs = 40
              seed = 3
            }
            """;

    @Test
    void irisLearnsFromTheSampleCsv(@TempDir Path dir) throws IOException {
        Path csv = sample("data/iris.csv");
        Path weights = dir.resolve("iris.safetensors");
        Run r = run(Nnc.compile(IRIS), IRIS, "train", "--data", csv.toString(), "--features",
                "sepal_length,sepal_width,petal_length,petal_width", "--label", "species", "--normalize", "--validation",
                "0.2", "--json", "--weights-out", weights.toString(), "--plot", dir.resolve("iris.svg").toString());
        assertEquals(ModelApp.OK, r.code(), r.err());
        List<String> epochs = r.lines().stream().filter(l -> l.contains("train_loss")).toList();
        assertEquals(40, epochs.size());
        double accuracy = Double.parseDouble(epochs.get(39).replaceAll(".*\"val_accuracy\": ([0-9.]+)}", "$1"));
        assertTrue(accuracy >= 0.9, "validation accuracy on 30 held-out flowers: " + epochs.get(39));
        assertEquals("wrote weights to " + weights + "\nwrote loss plot to " + dir.resolve("iris.svg") + "\n", r.err());

        Run eval = run(Nnc.compile(IRIS), IRIS, "eval", "--data", csv.toString(), "--label", "species", "--weights",
                weights.toString(), "--json");
        assertEquals(ModelApp.OK, eval.code(), eval.err());
        assertTrue(eval.out().startsWith("{\"examples\": 150, \"loss\": "), eval.out());
        double all = Double.parseDouble(eval.out().replaceAll("(?s).*\"accuracy\": ([0-9.]+)}.*", "$1"));
        assertTrue(all >= 0.9, eval.out());

        Path predictions = dir.resolve("p.csv");
        Run predict = run(Nnc.compile(IRIS), IRIS, "predict", "--data", csv.toString(), "--label", "species", "--weights",
                weights.toString(), "-o", predictions.toString());
        assertEquals(ModelApp.OK, predict.code(), predict.err());
        List<String> rows = Files.readAllLines(predictions);
        assertEquals("class,logits_0,logits_1,logits_2", rows.get(0));
        long right = 0;
        List<String> truth = Files.readAllLines(csv);
        for (int i = 1; i <= 150; i++) {
            String species = truth.get(i).substring(truth.get(i).lastIndexOf(',') + 1);
            right += rows.get(i).startsWith(species + ",") ? 1 : 0;
        }
        assertEquals(Math.round(all * 150), right, "predict's classes agree with eval's accuracy");
    }

    @Test
    void fashionMlpLearnsFromFiveThousandImagesInOneEpoch() throws IOException {
        assumeTrue(Files.isDirectory(FASHION), "Fashion-MNIST is not installed in " + FASHION);
        Path source = sample("fashion_mlp.nn");
        Run r = run(Nnc.compile(source), Files.readString(source), "train",
                "--data", "x=" + FASHION.resolve("train-images-idx3-ubyte.gz"),
                "--data", "y=" + FASHION.resolve("train-labels-idx1-ubyte.gz"),
                "--test", "x=" + FASHION.resolve("t10k-images-idx3-ubyte.gz"),
                "--test", "y=" + FASHION.resolve("t10k-labels-idx1-ubyte.gz"),
                "--scale", "1/255", "--limit", "5000", "--epochs", "1", "--batch", "32");
        assertEquals(ModelApp.OK, r.code(), r.err());
        List<String> lines = r.lines();
        assertTrue(lines.get(0).startsWith("training fashion_mlp on 5,000 examples: batch 32, 157 steps an epoch, 1 epoch,"
                + " adam(lr = 0.001, "), r.out());
        String epoch = lines.stream().filter(l -> l.startsWith("epoch 1/1  train loss")).findFirst().orElseThrow();
        double accuracy = Double.parseDouble(epoch.replaceAll(".*test accuracy ([0-9.]+)% .*", "$1"));
        assertTrue(accuracy > 70, "test accuracy on the 10,000 test images: " + epoch);
        assertTrue(epoch.contains("/10,000)"), epoch);
    }
}
