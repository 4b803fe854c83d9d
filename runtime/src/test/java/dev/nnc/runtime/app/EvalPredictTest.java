package dev.nnc.runtime.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.runtime.SafeTensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Train with --weights-out, then eval and predict from the file in a fresh model: the file
 * carries the normalisation and the class names, so both see the data as training did.
 */
class EvalPredictTest {
    @TempDir
    Path dir;
    Path weights;
    AppRun trained;

    @BeforeEach
    void train() {
        weights = dir.resolve("flowers.safetensors");
        trained = AppRun.of(new Flowers(), "train", "--data", TestFiles.iris().toString(), "--features",
                "sepal_length,sepal_width,petal_length,petal_width", "--label", "species", "--normalize", "--epochs", "20",
                "--weights-out", weights.toString());
        assertEquals(ModelApp.OK, trained.code(), trained.toString());
    }

    @Test
    void theWeightsFileRecordsThePreprocessing() throws Exception {
        assertTrue(trained.out().endsWith("wrote weights to " + weights + "\n"), trained.out());
        Map<String, String> metadata = SafeTensors.readMetadata(weights);
        assertEquals("setosa,versicolor,virginica", metadata.get(Preprocessing.CLASSES));
        assertEquals(4, metadata.get(Preprocessing.MEAN + "x").split(" ").length);
        assertEquals(null, metadata.get(Preprocessing.SCALE), "no --scale, nothing recorded");
        Preprocessing p = Preprocessing.read(weights, metadata);
        assertEquals(List.of("setosa", "versicolor", "virginica"), p.classNames());
        // The mean of sepal_length over the 150 flowers (read as floats), 5.8433...
        assertEquals(876.5 / 150, p.normalization().get("x").mean()[0], 1e-6);
        assertEquals(metadata.get(Preprocessing.MEAN + "x").split(" ")[0], Double.toString(p.normalization().get("x")
                .mean()[0]), "written and read back to the bit");
    }

    @Test
    void evalMeasuresTheTrainedWeights() {
        AppRun r = AppRun.of(new Flowers(), "eval", "--data", TestFiles.iris().toString(), "--label", "species",
                "--weights", weights.toString());
        assertEquals(ModelApp.OK, r.code(), r.toString());
        List<String> lines = r.outLines();
        assertEquals("evaluated flowers on 150 examples", lines.get(0));
        assertTrue(lines.get(1).startsWith("loss 0."), lines.get(1));
        double accuracy = Double.parseDouble(lines.get(2).replaceAll("accuracy ([0-9.]+)% .*", "$1"));
        assertTrue(accuracy > 85, "softmax regression on standardised Iris: " + lines.get(2));

        AppRun json = AppRun.of(new Flowers(), "eval", "--data", TestFiles.iris().toString(), "--weights",
                weights.toString(), "--json", "--limit", "50", "--batch", "7");
        assertEquals(ModelApp.OK, json.code(), json.toString());
        assertTrue(json.out().matches("\\{\"examples\": 50, \"loss\": [0-9.E-]+, \"accuracy\": [0-9.]+}\n"), json.out());
    }

    @Test
    void evalRefusesWeightsOfAnotherModelAndAConflictingScale() {
        AppRun r = AppRun.of(new Flowers("other", false), "eval", "--data", TestFiles.iris().toString(), "--weights",
                weights.toString());
        assertEquals(ModelApp.ERROR, r.code(), r.toString());
        assertEquals("error: weights file " + weights + " was saved by model 'flowers' (fingerprint 0123456789abcdef),"
                + " not 'other' (fingerprint 0123456789abcdef)\n", r.err());

        Path scaled = dir.resolve("scaled.safetensors");
        assertEquals(ModelApp.OK, AppRun.of(new Flowers(), "train", "--data", TestFiles.iris().toString(), "--scale", "1/2",
                "--epochs", "2", "--weights-out", scaled.toString()).code());
        AppRun conflict = AppRun.of(new Flowers(), "eval", "--data", TestFiles.iris().toString(), "--weights",
                scaled.toString(), "--scale", "2");
        assertEquals(ModelApp.ERROR, conflict.code(), conflict.toString());
        assertEquals("error: the weights were trained on data scaled by 0.5, but --scale gives 2.0; leave --scale out to"
                + " use the weights' own\n", conflict.err());
        AppRun own = AppRun.of(new Flowers(), "eval", "--data", TestFiles.iris().toString(), "--weights", scaled.toString());
        AppRun same = AppRun.of(new Flowers(), "eval", "--data", TestFiles.iris().toString(), "--weights",
                scaled.toString(), "--scale", "0.5");
        assertEquals(ModelApp.OK, own.code(), own.toString());
        assertEquals(own.out(), same.out());
    }

    @Test
    void predictWritesTheClassByNameAndTheOutputs() throws Exception {
        Path out = dir.resolve("predictions.csv");
        AppRun r = AppRun.of(new Flowers(), "predict", "--data", TestFiles.iris().toString(), "--label", "species",
                "--weights", weights.toString(), "-o", out.toString());
        assertEquals(ModelApp.OK, r.code(), r.toString());
        assertEquals("wrote 150 predictions to " + out + "\n", r.out());
        List<String> rows = Files.readAllLines(out);
        assertEquals(151, rows.size());
        assertEquals("class,logits_0,logits_1,logits_2", rows.get(0));
        assertTrue(rows.get(1).startsWith("setosa,"), rows.get(1));
        assertTrue(rows.get(150).startsWith("virginica,"), rows.get(150));
        float[] logits = new float[3];
        String[] cells = rows.get(1).split(",");
        for (int k = 0; k < 3; k++) {
            logits[k] = Float.parseFloat(cells[k + 1]);
        }
        assertTrue(logits[0] > logits[1] && logits[0] > logits[2], rows.get(1));

        // Without --label every column is a feature: the species column is one too many.
        Path features = TestFiles.text(dir.resolve("f.csv"), "a,b,c,d\n5.1,3.5,1.4,0.2\n6.3,3.3,6.0,2.5\n");
        AppRun stdout = AppRun.of(new Flowers(), "predict", "--data", features.toString(), "--weights", weights.toString());
        assertEquals(ModelApp.OK, stdout.code(), stdout.toString());
        List<String> lines = stdout.outLines();
        assertEquals(3, lines.size(), stdout.out());
        assertTrue(lines.get(1).startsWith("setosa,") && lines.get(2).startsWith("virginica,"), stdout.out());
        AppRun tooMany = AppRun.of(new Flowers(), "predict", "--data", TestFiles.iris().toString(), "--weights",
                weights.toString());
        assertEquals(ModelApp.ERROR, tooMany.code(), tooMany.toString());
    }

    @Test
    void aOneValueOutputAgainstZeroOneTargetsHasAnAccuracy() throws Exception {
        // An AND gate, twenty times over, with float targets: Coin's p > 0.5 against t.
        StringBuilder csv = new StringBuilder("a,b,t\n");
        for (int i = 0; i < 20; i++) {
            csv.append("0,0,0\n0,1,0\n1,0,0\n1,1,1\n");
        }
        Path data = TestFiles.text(dir.resolve("and.csv"), csv.toString());
        AppRun r = AppRun.of(new Coin(), "train", "--data", data.toString(), "--validation", "0.25", "--epochs", "100",
                "--lr", "2", "--json");
        assertEquals(ModelApp.OK, r.code(), r.toString());
        List<String> lines = r.outLines();
        assertTrue(lines.get(lines.size() - 1).endsWith("\"val_accuracy\": 1.0}"), r.out());

        Path regression = TestFiles.text(dir.resolve("r.csv"), "a,b,t\n0,0,0.5\n1,1,0.25\n0,1,0\n1,0,1\n");
        AppRun n = AppRun.of(new Coin(), "train", "--data", regression.toString(), "--validation", "0.5", "--epochs",
                "1");
        assertEquals(ModelApp.OK, n.code(), n.toString());
        assertTrue(n.out().contains("val accuracy n/a"), n.out());
    }
}
