package dev.nnc.runtime.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The training loop's step, as {@link TrainingRun} runs it: the next batch copied into the
 * model's inputs, a train step, the loss summed and the report told. Once warm it allocates
 * nothing (the method of dev.nnc.runtime.ZeroAllocationTest: rounds of many steps, one round
 * of exactly 0 bytes proves it).
 */
class ZeroAllocationTest {
    private static final int STEPS = 5_000;

    @Test
    void aTrainingStepAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        Flowers model = new Flowers();
        DataLayout layout = DataLayout.of(model.spec());
        DataBinder binder = new DataBinder(layout, "train");
        Examples iris = binder.load(new DataBinder.Request("--data", List.of(TestFiles.iris().toString()), List.of(), null,
                1, List.of(), true));
        // 150 examples in batches of 16: nine full batches and a last one of 6, so the batch size alternates.
        Feeder feeder = Feeder.shuffled(model, "B", iris, 16, 1);
        TrainingReport report = new TextReport(new PrintStream(OutputStream.nullOutputStream()), false, () -> 0L);
        report.start(new TrainingReport.Plan("flowers", "sgd", 150, 16, feeder.batchesPerEpoch(), 1_000_000, 0, 0,
                Long.MAX_VALUE, 0, 0));
        model.setLearningRate(0.01);
        int[] epoch = {0};
        int[] stepInEpoch = {0};
        long[] step = {0};
        double[] sum = {0};
        Runnable oneStep = () -> {
            int rows = feeder.next();
            if (rows == 0) {
                feeder.startEpoch(++epoch[0]); // once an epoch: Batches allocates a small generator here
                stepInEpoch[0] = 0;
                sum[0] = 0;
                rows = feeder.next();
            }
            double loss = model.trainStep();
            sum[0] += loss * rows;
            report.step(epoch[0], stepInEpoch[0]++, step[0]++, rows, loss, sum[0]);
        };
        for (int i = 0; i < STEPS; i++) {
            oneStep.run();
        }
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 10 && least > 0; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < STEPS; i++) {
                oneStep.run();
            }
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
        }
        // All there is: a shuffle generator per input per epoch (2 x 48 bytes with compressed
        // pointers, 500 epochs a round: 48,000 bytes). One object per step would add at least
        // 16 bytes x 5,000 = 80,000.
        assertTrue(least < 16L * STEPS, least + " bytes in " + STEPS + " steps");
        assertEquals(10, feeder.batchesPerEpoch());
    }
}
