package dev.nnc.runtime.data;

import dev.nnc.runtime.DType;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.runtime.Rng;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchesTest {

    /** N examples whose two features are (i, -i) and whose label is i: every row says where it came from. */
    private static Dataset numbered(int n) {
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = i;
        }
        return Dataset.of(Field.ofFloats("numbered", x, 2), Field.ofInts("numbered", y));
    }

    /** The example indices of one epoch, read back from the batches' labels. */
    private static List<Integer> epoch(Batches batches, int epoch) {
        batches.startEpoch(epoch);
        Batch batch = batches.newBatch();
        List<Integer> seen = new ArrayList<>();
        while (batches.next(batch)) {
            int[] y = (int[]) batch.labels();
            float[] x = (float[]) batch.features();
            for (int r = 0; r < batch.size(); r++) {
                assertEquals(y[r], x[2 * r]);       // features and labels stay paired
                assertEquals(-y[r], x[2 * r + 1]);
                seen.add(y[r]);
            }
        }
        return seen;
    }

    @Test
    void everyEpochIsAPermutation() {
        Batches b = Batches.shuffled(numbered(1000), 64, 42, Batches.LastBatch.KEEP);
        for (int e = 0; e < 5; e++) {
            List<Integer> order = epoch(b, e);
            assertEquals(1000, order.size());
            int[] sorted = order.stream().mapToInt(Integer::intValue).sorted().toArray();
            for (int i = 0; i < 1000; i++) {
                assertEquals(i, sorted[i]);
            }
        }
    }

    @Test
    void sameSeedAndEpochSameOrderWhateverCameBefore() {
        Dataset d = numbered(500);
        Batches walked = Batches.shuffled(d, 32, 7, Batches.LastBatch.KEEP);
        for (int e = 0; e < 3; e++) {
            epoch(walked, e);
        }
        List<Integer> third = epoch(walked, 3);
        // A fresh run resumed straight at epoch 3 sees the same order.
        Batches resumed = Batches.shuffled(d, 32, 7, Batches.LastBatch.KEEP);
        assertEquals(third, epoch(resumed, 3));

        List<Integer> identity = epoch(Batches.inOrder(d, 32), 0);
        assertFalse(third.equals(identity), "shuffled");
        assertFalse(epoch(resumed, 2).equals(third), "another epoch, another order");
        assertFalse(epoch(Batches.shuffled(d, 32, 8, Batches.LastBatch.KEEP), 3).equals(third), "another seed");
    }

    @Test
    void theOrderFollowsTheDocumentedRecipe() {
        // Shuffle's javadoc, written out: stream e of the seed, Fisher–Yates from the end.
        int n = 50;
        long seed = 42;
        int epoch = 3;
        Rng rng = new Rng(Rng.mix64(Rng.mix64(seed) + epoch));
        int[] expected = new int[n];
        for (int i = 0; i < n; i++) {
            expected[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = Shuffle.below(rng, i + 1);
            int t = expected[i];
            expected[i] = expected[j];
            expected[j] = t;
        }
        Batches b = Batches.shuffled(numbered(n), 8, seed, Batches.LastBatch.KEEP);
        b.startEpoch(epoch);
        assertArrayEquals(expected, b.epochOrder());
    }

    @Test
    void allPermutationsOfFourAreEquallyLikely() {
        Map<String, Integer> counts = new HashMap<>();
        int trials = 24_000;
        int[] order = new int[4];
        for (int seed = 0; seed < trials; seed++) {
            Shuffle.permutation(order, Shuffle.stream(seed, 0));
            counts.merge(Arrays.toString(order), 1, Integer::sum);
        }
        assertEquals(24, counts.size());
        // Chi-square with 23 degrees of freedom: 49.7 is the 0.1% critical value.
        double chi2 = 0;
        for (int c : counts.values()) {
            chi2 += (c - 1000.0) * (c - 1000.0) / 1000.0;
        }
        assertTrue(chi2 < 49.7, "chi2 = " + chi2);
    }

    @Test
    void boundedDrawsStayInRange() {
        Rng rng = new Rng(1);
        for (int bound : new int[] {1, 2, 3, 7, 1000, Integer.MAX_VALUE, (1 << 30) + 1}) {
            for (int i = 0; i < 1000; i++) {
                int v = Shuffle.below(rng, bound);
                assertTrue(v >= 0 && v < bound, bound + ": " + v);
            }
        }
    }

    @Test
    void theLastSmallerBatchIsKeptOrDropped() {
        Dataset d = numbered(10);
        Batches keep = Batches.shuffled(d, 4, 1, Batches.LastBatch.KEEP);
        assertEquals(List.of(4, 4, 2), sizes(keep));
        assertEquals(3, keep.batchesPerEpoch());
        assertEquals(10, keep.examplesPerEpoch());

        Batches drop = Batches.shuffled(d, 4, 1, Batches.LastBatch.DROP);
        assertEquals(List.of(4, 4), sizes(drop));
        assertEquals(2, drop.batchesPerEpoch());
        assertEquals(8, drop.examplesPerEpoch());

        assertEquals(List.of(5, 5), sizes(Batches.shuffled(d, 5, 1, Batches.LastBatch.DROP)));
        assertEquals(List.of(10), sizes(Batches.shuffled(d, 64, 1, Batches.LastBatch.KEEP)));
        assertEquals(List.of(), sizes(Batches.shuffled(d, 64, 1, Batches.LastBatch.DROP)));
    }

    private static List<Integer> sizes(Batches b) {
        b.startEpoch(0);
        Batch batch = b.newBatch();
        List<Integer> sizes = new ArrayList<>();
        while (b.next(batch)) {
            sizes.add(batch.size());
        }
        return sizes;
    }

    @Test
    void inOrderIsFileOrder() {
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), epoch(Batches.inOrder(numbered(7), 3), 0));
    }

    @Test
    void fillsTheCallersOwnArraysAndLeavesTheRestAlone() {
        float[] x = new float[2 * 4 + 3];
        Arrays.fill(x, 99);
        int[] y = new int[4];
        Batch batch = Batch.of(x, y);
        Batches b = Batches.inOrder(numbered(6), 4);
        assertTrue(b.next(batch));
        assertArrayEquals(new float[] {0, 0, 1, -1, 2, -2, 3, -3, 99, 99, 99}, x);
        assertTrue(b.next(batch));
        assertEquals(2, batch.size());
        assertArrayEquals(new float[] {4, -4, 5, -5, 2, -2, 3, -3, 99, 99, 99}, x);
        assertArrayEquals(new int[] {4, 5, 2, 3}, y);
        assertFalse(b.next(batch));
        assertEquals(0, batch.size());
    }

    @Test
    void featuresOnlyAndOtherTypes() {
        double[] x = new double[3];
        Dataset d = Dataset.unlabeled(Field.ofDoubles("d", new double[] {1, 2, 3, 4, 5}));
        Batches b = Batches.inOrder(d, 3);
        Batch batch = Batch.of(x, null);
        assertTrue(b.next(batch));
        assertArrayEquals(new double[] {1, 2, 3}, x);
    }

    @Test
    void batchArraysOfTheWrongTypeOrSize() {
        Batches b = Batches.inOrder(numbered(10), 4);
        assertEquals("the batch features array is double[] but numbered holds f32 values",
                assertThrows(IllegalArgumentException.class,
                        () -> b.next(Batch.of(new double[8], new int[4]))).getMessage());
        assertEquals("the batch features array holds 7 values but a batch of 4 needs 8",
                assertThrows(IllegalArgumentException.class,
                        () -> b.next(Batch.of(new float[7], new int[4]))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Batch.of(new long[4], null));
        assertThrows(IllegalArgumentException.class, () -> Batches.inOrder(numbered(10), 0));
    }

    /**
     * After warm-up, filling batches allocates nothing, labels included, whether the images
     * are held as floats or as the 8-bit pixels an IDX file gives.
     *
     * <p>Measured epoch by epoch: with C2 at work, HotSpot itself now and then allocates a few
     * hundred bytes on the running thread as it swaps compiled code in (seen also around the
     * measuring call alone, and never with -Xint or C1 only). An allocation in {@code next()}
     * would show in every epoch; the JIT's shows in one now and then. So most epochs must
     * allocate exactly zero bytes.
     */
    @Test
    void fillingBatchesAllocatesNothingAfterWarmUp() {
        int n = 2000;
        int width = 784;
        Field labels = Field.ofInts("labels", new int[n]);
        assertNoAllocation(Dataset.of(Field.ofFloats("images", new float[n * width], width), labels));
        assertNoAllocation(Dataset.of(Field.ofScaledBytes("images", new byte[n * width], DType.F32, 1 / 255.0, width),
                labels));
    }

    private static void assertNoAllocation(Dataset d) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(mx.isThreadAllocatedMemorySupported());
        Batches b = Batches.shuffled(d, 128, 3, Batches.LastBatch.KEEP);
        Batch batch = Batch.of(new float[128 * d.features().width()], new int[128]);
        for (int e = 0; e < 200; e++) { // warm-up: let the JIT compile next() and the row copies
            b.startEpoch(e);
            while (b.next(batch)) {
                // nothing
            }
        }
        int epochs = 30;
        int clean = 0;
        List<Long> allocated = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            b.startEpoch(200 + e);
            int batches = 0;
            long before = mx.getCurrentThreadAllocatedBytes();
            while (b.next(batch)) {
                batches++;
            }
            long bytes = mx.getCurrentThreadAllocatedBytes() - before;
            assertEquals(16, batches);
            allocated.add(bytes);
            clean += bytes == 0 ? 1 : 0;
        }
        assertTrue(clean >= epochs - 5, "bytes allocated by 16 calls of next() per epoch over " + d.features()
                + ": " + allocated);
    }
}
