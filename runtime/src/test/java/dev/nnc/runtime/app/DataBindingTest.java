package dev.nnc.runtime.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data that does not fit, through the train and eval commands: each error is exit 1 and one
 * message naming the file and, where there is one, the row and the column.
 */
class DataBindingTest {
    @TempDir
    Path dir;

    private static final String HEADER = "sepal_length,sepal_width,petal_length,petal_width,species\n";

    private void error(String message, String... args) {
        AppRun r = AppRun.of(new Flowers(), args);
        assertEquals(ModelApp.ERROR, r.code(), r.toString());
        assertEquals("error: " + message + "\n", r.err(), r.toString());
    }

    private Path csv(String rows) throws IOException {
        return TestFiles.text(dir.resolve("flowers.csv"), HEADER + rows);
    }

    @Test
    void aMissingFile() {
        Path missing = dir.resolve("nothere.csv");
        error("file not found: " + missing, "train", "--data", missing.toString());
        error("file not found: " + missing, "train", "--data", "x=" + missing, "--data", "y=" + missing);
    }

    @Test
    void aRaggedRow() throws IOException {
        Path p = csv("5.1,3.5,1.4,0.2,setosa\n4.9,3.0,1.4,setosa\n");
        error(p + ": row 3 has 4 fields but the header has 5", "train", "--data", p.toString());
    }

    @Test
    void aCellThatIsNotANumber() throws IOException {
        Path p = csv("5.1,3.5,1.4,0.2,setosa\n4.9,three,1.4,0.2,setosa\n");
        error(p + ": row 3, column 'sepal_width' (2): 'three' is not a number", "train", "--data", p.toString(),
                "--label", "species");
    }

    @Test
    void labelsOutOfRange() throws IOException {
        // Flowers has 3 classes (its logits are [B, 3]): integer labels run from 0 to 2.
        Path p = csv("5.1,3.5,1.4,0.2,0\n4.9,3.0,1.4,0.2,3\n");
        error(p + ": label 3 in row 3 is out of range for 3 classes (0..2)", "train", "--data", p.toString());
        Path names = csv("5.1,3.5,1.4,0.2,a\n4.9,3.0,1.4,0.2,b\n4.9,3.0,1.4,0.2,c\n4.9,3.0,1.4,0.2,d\n");
        error(names + ": column 'species' (5) holds 4 class names (a, b, c, d) but the model has 3 classes", "train",
                "--data", names.toString());
        Path x = TestFiles.idx(dir.resolve("x.gz"), new int[] {2, 2, 2}, new int[8], true);
        Path y = TestFiles.idx(dir.resolve("y.idx"), new int[] {2}, new int[] {1, 7}, false);
        error("label 7 at index 1 in " + y + " is out of range for 3 classes (0..2)", "train", "--data", "x=" + x,
                "--data", "y=" + y);
    }

    @Test
    void dataThatDoesNotFitTheInputsShape() throws IOException {
        Path p = TestFiles.text(dir.resolve("three.csv"), "a,b,c,label\n1,2,3,0\n");
        error("examples in " + p + " have 3 values, but input 'x' needs 4", "train", "--data", p.toString());
        Path x = TestFiles.idx(dir.resolve("x"), new int[] {2, 3, 3}, new int[18], false);
        Path y = TestFiles.idx(dir.resolve("y"), new int[] {2}, new int[] {0, 1}, false);
        error("examples in " + x + " have 3×3 = 9 values, but input 'x' needs 4", "train", "--data", "x=" + x,
                "--data", "y=" + y);
        Path y3 = TestFiles.idx(dir.resolve("y3"), new int[] {3}, new int[] {0, 1, 2}, false);
        Path x2 = TestFiles.idx(dir.resolve("x2"), new int[] {2, 2, 2}, new int[8], false);
        error(x2 + " has 2 examples but " + y3 + " has 3; the data of the inputs must pair up one to one", "train",
                "--data", "x=" + x2, "--data", "y=" + y3);
    }

    @Test
    void anInputLeftWithoutData() throws IOException {
        Path x = TestFiles.idx(dir.resolve("x"), new int[] {2, 4}, new int[8], false);
        error("input 'y' [B] of model 'flowers' has no data: bind a file to it with --data y=FILE", "train", "--data",
                "x=" + x);
        error("input 'x' of model 'flowers' has no default value, so the model cannot train on its defaults: give it"
                + " data with --data x=FILE (or a CSV file with --data FILE)", "train");
    }

    @Test
    void bindingMistakesAreUsageErrors() throws IOException {
        Path x = TestFiles.idx(dir.resolve("x"), new int[] {2, 4}, new int[8], false);
        AppRun r = AppRun.of(new Flowers(), "train", "--data", "xx=" + x);
        assertEquals(ModelApp.USAGE, r.code(), r.toString());
        assertEquals("error: --data xx=" + x + ": model 'flowers' has no input 'xx' (its inputs: x, y)",
                r.err().lines().findFirst().orElseThrow());
        Path a = TestFiles.text(dir.resolve("a.csv"), HEADER);
        r = AppRun.of(new Flowers(), "train", "--data", a.toString(), "--data", a.toString());
        assertEquals(ModelApp.USAGE, r.code(), r.toString());
        r = AppRun.of(new Flowers(), "train", "--data", "x=" + x, "--features", "a,b");
        assertEquals("error: --features chooses columns of a CSV file, but --data names none",
                r.err().lines().findFirst().orElseThrow());
    }

    @Test
    void unknownColumnsAreNamedWithASuggestion() throws IOException {
        Path p = csv("5.1,3.5,1.4,0.2,setosa\n");
        error(p + " has no column 'specie'; did you mean 'species'? (the header has sepal_length, sepal_width,"
                + " petal_length, petal_width, species)", "train", "--data", p.toString(), "--label", "specie");
    }

    @Test
    void aMissingWeightsFile() {
        AppRun r = AppRun.of(new Flowers("flowers", true), "eval", "--data", "nothere", "--weights",
                dir.resolve("w.safetensors").toString());
        assertEquals(ModelApp.ERROR, r.code(), r.toString());
        assertEquals("error: file not found: " + dir.resolve("w.safetensors") + "\n", r.err());
    }
}
