package dev.nnc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.runtime.data.DataException;
import dev.nnc.runtime.data.Dataset;
import dev.nnc.runtime.data.Field;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerTest {

    /** t = 2 x0 - 3 x1 + 0.5 plus a little noise, for n examples. */
    static Dataset regression(int n) {
        Rng rng = new Rng(99);
        double[] x = new double[2 * n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = rng.nextDouble() * 2 - 1;
            x[2 * i + 1] = rng.nextDouble() * 2 - 1;
            t[i] = 2 * x[2 * i] - 3 * x[2 * i + 1] + 0.5 + 0.01 * rng.nextGaussian();
        }
        return Dataset.of(Field.ofDoubles("x", x, 2), Field.ofDoubles("t", t));
    }

    /** Records what a listener hears. */
    static class Recorder implements Trainer.Listener {
        final List<Double> losses = new ArrayList<>();
        final List<String> steps = new ArrayList<>();
        final List<Double> epochLosses = new ArrayList<>();

        @Override
        public void step(int epoch, int step, double loss) {
            losses.add(loss);
            steps.add(epoch + ":" + step);
        }

        @Override
        public void epochEnd(int epoch, double meanLoss) {
            assertEquals(epochLosses.size(), epoch);
            epochLosses.add(meanLoss);
        }
    }

    /** A listener that evaluates at a batch larger than the training batch gives the inputs new arrays. */
    @Test
    void aListenerThatGrowsTheBatchDoesNotLeaveTrainingOnStaleArrays() {
        LinearRegression m = new LinearRegression();
        Trainer trainer = new Trainer(m, Trainer.Options.of(m.spec()).withBatchSize(16).withEpochs(30));
        Recorder r = new Recorder() {
            @Override
            public void epochEnd(int epoch, double meanLoss) {
                super.epochEnd(epoch, meanLoss);
                m.setBatch(64 + epoch);
            }
        };
        trainer.train(regression(100), r);
        assertArrayEquals(new double[] {2, -3}, m.param("W").toDoubles(), 0.01);
        assertEquals(0.5, m.param("b").get(0), 0.01);
    }

    @Test
    void trainingLowersTheLossOfASyntheticRegression() {
        LinearRegression m = new LinearRegression();
        Trainer trainer = new Trainer(m, Trainer.Options.of(m.spec()).withBatchSize(16).withEpochs(30));
        Recorder r = new Recorder();
        Trainer.Result result = trainer.train(regression(100), r);

        // 100 examples in batches of 16: six full batches and one of 4.
        assertEquals(30 * 7, result.steps());
        assertEquals(30 * 7, m.updates());
        assertEquals(List.of("0:0", "0:1", "0:2", "0:3", "0:4", "0:5", "0:6", "1:0"), r.steps.subList(0, 8));
        assertEquals(30, result.epochs());
        assertEquals(30, r.epochLosses.size());
        assertEquals(r.epochLosses.get(29), result.meanLoss());
        assertTrue(r.epochLosses.get(29) < r.epochLosses.get(0) / 100, r.epochLosses.toString());
        assertArrayEquals(new double[] {2, -3}, m.param("W").toDoubles(), 0.01);
        assertEquals(0.5, m.param("b").get(0), 0.01);
        assertEquals(4, m.batch(), "the last batch of the last epoch");
    }

    @Test
    void theEpochsMeanWeighsEachExampleOnce() {
        LinearRegression m = new LinearRegression();
        m.setLearningRate(0); // every step sees the same weights, so the mean is the full-data loss
        Recorder r = new Recorder();
        new Trainer(m, Trainer.Options.of(m.spec()).withBatchSize(16).withEpochs(1)).train(regression(100), r);
        LinearRegression whole = new LinearRegression();
        Dataset data = regression(100);
        whole.setBatch(100);
        whole.input("x").copyFrom(data.features().doubles());
        whole.input("t").copyFrom(data.labels().doubles());
        assertEquals(whole.evaluate(), r.epochLosses.get(0), 1e-12);
    }

    @Test
    void aSeedGivesTheSameRunAndAnotherSeedAnother() {
        List<Double> first = run(5);
        assertEquals(first, run(5));
        assertNotEquals(first, run(6));
    }

    private static List<Double> run(long seed) {
        LinearRegression m = new LinearRegression();
        Recorder r = new Recorder();
        new Trainer(m, Trainer.Options.of(m.spec()).withBatchSize(8).withEpochs(3).withSeed(seed)).train(regression(40), r);
        return r.losses;
    }

    @Test
    void intLabelsAndF32InputsTakeConvertedData() {
        SoftmaxClassifier m = new SoftmaxClassifier();
        Trainer.Options options = Trainer.Options.of(m.spec());
        assertEquals("x", options.features());
        assertEquals("y", options.labels());
        assertEquals(8, options.batchSize());
        assertEquals(10, options.epochs());
        assertEquals(7, options.seed());

        // Three blobs, given as f64 features: the trainer converts them to the model's f32 once.
        int n = 90;
        double[] x = new double[2 * n];
        int[] y = new int[n];
        Rng rng = new Rng(1);
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            x[2 * i] = (y[i] - 1) * 2 + 0.3 * rng.nextGaussian();
            x[2 * i + 1] = (y[i] == 1 ? 1 : -1) + 0.3 * rng.nextGaussian();
        }
        Recorder r = new Recorder();
        Trainer.Result result = new Trainer(m, options).train(Dataset.of(Field.ofDoubles("blobs", x, 2),
                Field.ofInts("classes", y)), r);
        assertTrue(result.meanLoss() < 0.2 && r.epochLosses.get(0) > 0.5, r.epochLosses.toString());
    }

    @Test
    void requestStopEndsTrainingAfterTheStepInProgress() {
        LinearRegression m = new LinearRegression();
        Trainer trainer = new Trainer(m, Trainer.Options.of(m.spec()).withBatchSize(10).withEpochs(5));
        Recorder r = new Recorder() {
            @Override
            public void step(int epoch, int step, double loss) {
                super.step(epoch, step, loss);
                if (epoch == 1 && step == 2) {
                    trainer.requestStop();
                }
            }
        };
        Trainer.Result result = trainer.train(regression(50), r);
        assertTrue(result.stopped());
        assertEquals(1, result.epochs(), "one epoch completed");
        assertEquals(8, result.steps());
        assertEquals(8, m.updates());
        assertEquals(1, r.epochLosses.size());
        assertEquals(r.epochLosses.get(0), result.meanLoss());
        assertTrue(trainer.train(regression(50), r).stopped(), "a stopped trainer stays stopped");
        assertEquals(8, m.updates());
    }

    @Test
    void misuseIsExplained() {
        LinearRegression m = new LinearRegression();
        assertEquals("model 'linreg' has no input 'X'; did you mean 'x'? (its inputs: x, t)",
                assertThrows(IllegalArgumentException.class,
                        () -> new Trainer(m, Trainer.Options.of(m.spec()).withInputs("X", "t"))).getMessage());
        assertEquals("input 'x' of model 'doubler' is [3], with no symbolic first axis to batch along",
                assertThrows(IllegalArgumentException.class, () -> Trainer.of(new Doubler())).getMessage());
        Dataset unlabeled = Dataset.unlabeled(Field.ofDoubles("x.csv", new double[] {1, 2}, 2));
        assertEquals("model 'linreg' trains with labels in input 't', but x.csv has none",
                assertThrows(IllegalArgumentException.class, () -> Trainer.of(m).train(unlabeled, (e, s, l) -> { }))
                        .getMessage());
        Dataset wide = Dataset.of(Field.ofDoubles("x.csv", new double[6], 3), Field.ofDoubles("t.csv", new double[2]));
        assertEquals("examples in x.csv have 3 values, but input 'x' needs 2", assertThrows(DataException.class,
                () -> Trainer.of(m).train(wide, (e, s, l) -> { })).getMessage());
        assertEquals("the batch size must be at least 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> Trainer.Options.of(m.spec()).withBatchSize(0)).getMessage());
        Trainer.Options one = Trainer.Options.of(new LinearRegression().spec()).withInputs("x", null);
        assertNull(one.labels());
    }

    /**
     * Steps allocate nothing; an epoch allocates its shuffle's generator (48 bytes). Measured
     * as the difference between a long and a short run, the least of a few tries so that the
     * JIT's one-off allocations (see ZeroAllocationTest) do not count.
     */
    @Test
    void stepsAllocateNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Dataset data = regression(1000);
        LinearRegression m = new LinearRegression();
        m.setLearningRate(0.01);
        Trainer.Listener quiet = (epoch, step, loss) -> { };
        long[] least = {Long.MAX_VALUE, Long.MAX_VALUE};
        int[] epochs = {10, 110};
        for (int round = 0; round < 6; round++) {
            for (int k = 0; k < 2; k++) {
                Trainer t = new Trainer(m, Trainer.Options.of(m.spec()).withBatchSize(30).withEpochs(epochs[k]));
                long before = threads.getCurrentThreadAllocatedBytes();
                t.train(data, quiet);
                least[k] = Math.min(least[k], threads.getCurrentThreadAllocatedBytes() - before);
            }
        }
        // 100 epochs of 34 steps: one 16-byte object per step would add 54,400 bytes.
        long perEpoch = (least[1] - least[0]) / 100;
        assertTrue(perEpoch <= 64, perEpoch + " bytes per epoch of 34 steps");
    }
}
