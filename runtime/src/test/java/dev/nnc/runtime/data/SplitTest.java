package dev.nnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitTest {

    /** Example i has feature i and label {@code labels[i]}. */
    private static Dataset data(int[] labels) {
        float[] x = new float[labels.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        return Dataset.of(Field.ofFloats("data", x, 1), Field.ofInts("data", labels), List.of("a", "b", "c"));
    }

    /** 150 examples, 50 of each of 3 classes, in blocks like the Iris file. */
    private static Dataset irisLike() {
        return data(IntStream.range(0, 150).map(i -> i / 50).toArray());
    }

    private static int[] ids(Dataset d) {
        float[] x = d.features().floats();
        return IntStream.range(0, x.length).map(i -> (int) x[i]).toArray();
    }

    private static int[] classCounts(Dataset d, int classes) {
        int[] counts = new int[classes];
        for (int y : d.labels().ints()) {
            counts[y]++;
        }
        return counts;
    }

    @Test
    void stratifiedTenPercentOfIrisHoldsFiveOfEachClass() {
        Split s = irisLike().split(0.1, 42, true);
        assertEquals(15, s.validation().size());
        assertEquals(135, s.train().size());
        assertArrayEquals(new int[] {5, 5, 5}, classCounts(s.validation(), 3));
        assertArrayEquals(new int[] {45, 45, 45}, classCounts(s.train(), 3));
        assertEquals(List.of("a", "b", "c"), s.train().classNames());
    }

    @Test
    void thePartsAreDisjointCoverEverythingAndKeepFileOrder() {
        for (boolean stratified : new boolean[] {false, true}) {
            Split s = irisLike().split(0.2, 7, stratified);
            int[] train = ids(s.train());
            int[] val = ids(s.validation());
            assertArrayEquals(IntStream.of(train).sorted().toArray(), train);
            assertArrayEquals(IntStream.of(val).sorted().toArray(), val);
            int[] all = IntStream.concat(IntStream.of(train), IntStream.of(val)).sorted().toArray();
            assertArrayEquals(IntStream.range(0, 150).toArray(), all);
            // Labels travel with their features.
            for (int i = 0; i < val.length; i++) {
                assertEquals(val[i] / 50, s.validation().labels().ints()[i]);
            }
        }
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        Dataset d = irisLike();
        assertArrayEquals(ids(d.split(0.1, 1, false).validation()), ids(d.split(0.1, 1, false).validation()));
        assertArrayEquals(ids(d.split(0.1, 1, true).validation()), ids(d.split(0.1, 1, true).validation()));
        assertFalse(Arrays.equals(ids(d.split(0.1, 1, false).validation()), ids(d.split(0.1, 2, false).validation())));
        assertFalse(Arrays.equals(ids(d.split(0.1, 1, true).validation()), ids(d.split(0.1, 2, true).validation())));
    }

    @Test
    void sizesRoundAndNeverLeaveValidationEmpty() {
        int[] y = new int[101];
        assertEquals(10, data(y).split(0.1, 0, false).validation().size());
        assertEquals(91, data(y).split(0.1, 0, false).train().size());
        assertEquals(1, data(new int[5]).split(0.01, 0, false).validation().size());
        assertEquals(1, data(new int[2]).split(0.5, 0, true).validation().size());
    }

    @Test
    void unbalancedClassesGetProportionalQuotasThatAddUp() {
        // 70, 20 and 10 examples; 15 held out: exact shares 10.5, 3 and 1.5.
        assertArrayEquals(new int[] {11, 3, 1}, Split.quotas(new int[] {70, 20, 10}, 100, 15));
        assertArrayEquals(new int[] {1, 1, 1}, Split.quotas(new int[] {1, 1, 1}, 3, 3));
        int[] labels = IntStream.range(0, 100).map(i -> i < 70 ? 0 : i < 90 ? 1 : 2).toArray();
        Split s = data(labels).split(0.15, 3, true);
        assertArrayEquals(new int[] {11, 3, 1}, classCounts(s.validation(), 3));
    }

    @Test
    void badFractionsAndUnlabelledStratification() {
        Dataset d = irisLike();
        assertEquals("the validation fraction must be between 0 and 1, not 1.0",
                assertThrows(IllegalArgumentException.class, () -> d.split(1, 0, false)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.split(0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> d.split(Double.NaN, 0, false));
        Dataset unlabeled = Dataset.unlabeled(d.features());
        assertEquals(15, unlabeled.split(0.1, 0, false).validation().size());
        assertEquals("a stratified split needs one integer class label per example",
                assertThrows(IllegalArgumentException.class, () -> unlabeled.split(0.1, 0, true)).getMessage());
    }
}
