package dev.nnc.runtime.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What training prints: the lines and the bar of {@link TextReport}, the JSON of {@link JsonReport}. */
class ReportTest {
    private static final TrainingReport.Plan PLAN = new TrainingReport.Plan("iris", "sgd(lr = 0.1)", 1000, 10, 100, 3,
            0, 0, 300, 0, 50);

    @Test
    void linesAndTheBar() {
        assertEquals("epoch 2/5  step 120/469  loss 0.432100  23,456 examples/s  1:23 left",
                TextReport.stepLine(2, 5, 120, 469, 0.4321, 23456.2, 83));
        assertEquals("epoch 2/5 [#####               ] 120/469  loss 0.432100  23,456 examples/s  1:01:23 left",
                TextReport.bar(2, 5, 120, 469, 0.4321, 23456.2, 3683));
        assertEquals("epoch 1/1 [####################] 7/7  loss 1.00000e-07",
                TextReport.bar(1, 1, 7, 7, 1e-7, Double.NaN, 0));
        Metrics m = new Metrics(10_000, 0.401234, 8_532, 0.8532);
        assertEquals("epoch 2/5  train loss 0.432100  val loss 0.401234  val accuracy 85.32% (8,532/10,000)  12.3 s",
                TextReport.epochLine(new TrainingReport.Epoch(2, 5, 0.4321, m, "val", 12.34)));
        assertEquals("epoch 2/5  train loss 0.432100  test loss 0.401234  test accuracy n/a  1:05",
                TextReport.epochLine(new TrainingReport.Epoch(2, 5, 0.4321, new Metrics(10, 0.401234, 0, Double.NaN),
                        "test", 65)));
        assertEquals("epoch 1/5  train loss 0.432100  0.0 s",
                TextReport.epochLine(new TrainingReport.Epoch(1, 5, 0.4321, null, "val", 0.01)));
        assertEquals("training iris on 1,000 examples: batch 10, 100 steps an epoch, 3 epochs, sgd(lr = 0.1); 50 examples"
                + " held out", TextReport.header(PLAN));
        assertEquals("stopped: trained iris for 1 epoch (150 steps) in 2:00: train loss 0.500000, val loss 0.401234,"
                + " val accuracy 85.32% (8,532/10,000)", TextReport.summary(new TrainingReport.Outcome("iris", 1, 150, 120,
                true, new TrainingReport.Epoch(1, 3, 0.5, m, "val", 1), null)));
    }

    @Test
    void plainLinesComeAboutEveryTenthOfAnEpochAndNotFasterThanOneASecond() {
        // 100 steps an epoch: a line after steps 10, 20, ..., 90 (the 100th gets the epoch's line).
        List<Integer> logged = IntStream.range(0, 100).filter(s -> TrainingReport.logged(PLAN, s, s)).boxed().toList();
        assertEquals(List.of(9, 19, 29, 39, 49, 59, 69, 79, 89), logged);
        TrainingReport.Plan every7 = new TrainingReport.Plan("iris", "sgd", 1000, 10, 100, 3, 0, 0, 300, 7, 0);
        assertTrue(TrainingReport.logged(every7, 0, 0));
        assertTrue(TrainingReport.logged(every7, 10, 210));
        assertFalse(TrainingReport.logged(every7, 11, 211));

        // Two seconds a step: every tenth-of-an-epoch line is printed.
        assertEquals(9, stepLines(2_000_000_000L).size());
        // A tenth of a second a step: a tenth of an epoch takes one second, just enough.
        assertEquals(9, stepLines(100_000_000L).size());
        // A millisecond a step: the epoch is over before a line is due.
        assertEquals(0, stepLines(1_000_000L).size());
        assertEquals("epoch 1/3  step 10/100  loss 0.500000  5 examples/s  9:40 left", stepLines(2_000_000_000L).get(0));
    }

    /** The step lines a plain report prints for one epoch of PLAN, with the clock advancing {@code nanos} per step. */
    private static List<String> stepLines(long nanos) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long[] now = {0};
        TextReport r = new TextReport(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, () -> now[0]);
        r.start(PLAN);
        for (int s = 0; s < 100; s++) {
            now[0] += nanos;
            r.step(0, s, s, 10, 0.5, 0.5);
        }
        List<String> lines = new ArrayList<>(bytes.toString(StandardCharsets.UTF_8).lines().toList());
        lines.remove(0); // the header
        return lines;
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long[] now = {0};
        TextReport r = new TextReport(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, () -> now[0]);
        r.start(PLAN);
        for (int s = 0; s < 100; s++) {
            now[0] += 50_000_000; // 20 steps a second: redrawn every other step
            r.step(0, s, s, 10, 0.25, 0.25);
        }
        r.epoch(new TrainingReport.Epoch(1, 3, 0.25, null, "val", 5));
        String text = bytes.toString(StandardCharsets.UTF_8);
        String[] lines = text.split("\n");
        assertEquals(2, lines.length, text); // the header, then the bar's redraws ending in the epoch's line
        String bars = lines[1];
        assertEquals(50 + 2, bars.chars().filter(c -> c == '\r').count(), "50 draws, and two to erase the bar");
        assertTrue(bars.startsWith("\repoch 1/3 [                    ] 1/100  loss 0.250000  200 examples/s  0:15 left\r"), bars);
        assertTrue(bars.endsWith("\repoch 1/3  train loss 0.250000  5.0 s"), bars);
    }

    @Test
    void jsonLines() {
        assertEquals("{\"epoch\": 1, \"step\": 17, \"loss\": 0.4312}", JsonReport.stepLine(1, 17, 0.4312));
        assertEquals("{\"epoch\": 1, \"step\": 0, \"loss\": \"NaN\"}", JsonReport.stepLine(1, 0, Double.NaN));
        assertEquals("{\"epoch\": 3, \"train_loss\": 0.5, \"val_loss\": 0.25, \"val_accuracy\": 0.875}", JsonReport.epochLine(
                new TrainingReport.Epoch(3, 3, 0.5, new Metrics(8, 0.25, 7, 0.875), "val", 1)));
        assertEquals("{\"epoch\": 3, \"train_loss\": 1.0E-9, \"val_loss\": null, \"val_accuracy\": null}",
                JsonReport.epochLine(new TrainingReport.Epoch(3, 3, 1e-9, null, "val", 1)));
        assertEquals("{\"epoch\": 3, \"train_loss\": 0.5, \"val_loss\": 0.25, \"val_accuracy\": null}", JsonReport.epochLine(
                new TrainingReport.Epoch(3, 3, 0.5, new Metrics(8, 0.25, 0, Double.NaN), "val", 1)));
    }

    @Test
    void durations() {
        assertEquals("0:00", TextReport.clock(0.4));
        assertEquals("0:42", TextReport.clock(42));
        assertEquals("4:05", TextReport.clock(245));
        assertEquals("1:04:05", TextReport.clock(3845));
        assertEquals("?", TextReport.clock(Double.NaN));
        assertEquals("59.9 s", TextReport.seconds(59.94));
        assertEquals("1:00", TextReport.seconds(60));
    }
}
