package dev.nnc.runtime.data;

import dev.nnc.runtime.DType;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The data sets the samples train on: Iris, bundled; Fashion-MNIST, from Debian's package. */
class RealDataTest {
    /** Where Debian's dataset-fashion-mnist package installs the four files. */
    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @Test
    void irisHas150RowsAnd50OfEachSpecies() {
        Dataset iris = Csv.load(repoFile("samples/data/iris.csv"), CsvOptions.defaults().withLabel("species"));
        assertEquals(150, iris.size());
        assertArrayEquals(new int[] {4}, iris.features().exampleShape());
        assertEquals(List.of("setosa", "versicolor", "virginica"), iris.classNames());
        int[] counts = new int[3];
        for (int y : iris.labels().ints()) {
            counts[y]++;
        }
        assertArrayEquals(new int[] {50, 50, 50}, counts);
        // The first row, as Fisher published it.
        assertArrayEquals(new float[] {5.1f, 3.5f, 1.4f, 0.2f},
                java.util.Arrays.copyOf(iris.features().floats(), 4));
    }

    @Test
    void fashionMnistTrainAndTestSets() {
        Path trainImages = FASHION.resolve("train-images-idx3-ubyte.gz");
        assumeTrue(Files.isReadable(trainImages), "dataset-fashion-mnist is not installed");

        long start = System.nanoTime();
        Dataset train = Idx.load(trainImages, FASHION.resolve("train-labels-idx1-ubyte.gz"),
                DType.F32, 1 / 255.0, 10);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("Fashion-MNIST: 60000 training images loaded in %.2f s%n", seconds);
        // "Well under a second" on a developer machine; generous here so a loaded CI box passes.
        assertTrue(seconds < 5, "loading took " + seconds + " s");

        Dataset test = Idx.load(FASHION.resolve("t10k-images-idx3-ubyte.gz"),
                FASHION.resolve("t10k-labels-idx1-ubyte.gz"), DType.F32, 1 / 255.0, 10);
        check(train, 60000);
        check(test, 10000);
        assertEquals(784, train.features().reshape("x", 784).width());
    }

    private static void check(Dataset d, int n) {
        assertEquals(n, d.size());
        assertArrayEquals(new int[] {28, 28}, d.features().exampleShape());
        int[] counts = new int[10];
        for (int y : d.labels().ints()) {
            assertTrue(y >= 0 && y <= 9, "label " + y);
            counts[y]++;
        }
        for (int c : counts) {
            assertEquals(n / 10, c); // Fashion-MNIST is balanced: 6000 or 1000 per class
        }
        float lo = Float.MAX_VALUE;
        float hi = -Float.MAX_VALUE;
        for (float v : d.features().floats()) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        assertEquals(0f, lo);
        assertEquals(1f, hi);
    }

    /** A file of the repository, found from wherever the tests run (the module or the root). */
    static Path repoFile(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(relative + " not found above " + Path.of("").toAbsolutePath());
    }
}
