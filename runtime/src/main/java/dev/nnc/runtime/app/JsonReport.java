package dev.nnc.runtime.app;

import java.io.PrintStream;

/**
 * Training as JSON lines on standard output, one object per line, for programs to read:
 *
 * <pre>
 *   {"epoch": 1, "step": 17, "loss": 0.4312}
 *   {"epoch": 1, "train_loss": 0.5123, "val_loss": 0.4411, "val_accuracy": 0.842}
 *   {"test_loss": 0.4502, "test_accuracy": 0.8377}
 * </pre>
 *
 * <ul>
 *   <li>A step line for each logged step (see {@link TrainingReport#logged}): {@code epoch}
 *       counts from 1; {@code step} is the global step counted from 0, the number of updates
 *       applied before it; {@code loss} is the batch's loss at those weights, before the update.
 *   <li>An epoch line after each epoch: the mean training loss over its examples, and the
 *       validation set's loss and accuracy (the test set's when there is no validation split);
 *       {@code null} when there is no held-out set, or no accuracy for this model.
 *   <li>A test line at the end, only when both a validation split and a test set are given.
 * </ul>
 *
 * Numbers are {@link Double#toString}'s, NaN and infinities strings ({@link Json}). Everything
 * else (notes, errors) goes to standard error, so standard output is JSON alone.
 */
final class JsonReport implements TrainingReport {
    private final PrintStream out;
    private final PrintStream err;
    private Plan plan;

    JsonReport(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public void start(Plan p) {
        this.plan = p;
    }

    @Override
    public void step(int epoch, int stepInEpoch, long step, int rows, double loss, double epochLoss) {
        if (TrainingReport.logged(plan, stepInEpoch, step)) {
            out.println(stepLine(epoch + 1, step, loss));
        }
    }

    static String stepLine(int epoch, long step, double loss) {
        return "{\"epoch\": " + epoch + ", \"step\": " + step + ", \"loss\": " + Json.number(loss) + "}";
    }

    @Override
    public void epoch(Epoch e) {
        out.println(epochLine(e));
    }

    static String epochLine(Epoch e) {
        Metrics m = e.heldOut();
        return "{\"epoch\": " + e.epoch() + ", \"train_loss\": " + Json.number(e.trainLoss())
                + ", \"val_loss\": " + (m == null ? "null" : Json.number(m.loss()))
                + ", \"val_accuracy\": " + (m == null ? "null" : Json.numberOrNull(m.accuracy())) + "}";
    }

    @Override
    public void note(String message) {
        err.println(message);
    }

    @Override
    public void finish(Outcome o) {
        if (o.test() != null) {
            out.println("{\"test_loss\": " + Json.number(o.test().loss()) + ", \"test_accuracy\": "
                    + Json.numberOrNull(o.test().accuracy()) + "}");
        }
        out.flush();
    }
}
