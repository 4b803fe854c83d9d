package dev.nnc.runtime.app;

import dev.nnc.runtime.CompiledModel;
import dev.nnc.runtime.TensorSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code train} without {@code --data}: the model trains on its inputs' default values, every
 * step on all of them, exactly as {@code nnc train FILE} does.
 *
 * <p>With {@code --json}, one line per logged step, {@code {"step": k, "loss": x}}, where the
 * loss is the objective at the weights after k updates: step 0 is the loss before any update,
 * and the last line (step N) comes from one more evaluation after the last update. Steps 0,
 * K, 2K, ... are logged with {@code --log-every K} (every step by default), and the last
 * always. Numbers are Double.toString's.
 */
final class DefaultInputsTraining {
    private DefaultInputsTraining() {}

    /**
     * @param steps the updates to apply
     * @param logEvery K of {@code --log-every}
     * @param weightsOut where to save the final params, or null
     * @param plot where to draw the loss curve, or null
     */
    static int run(Invocation inv, int steps, boolean json, int logEvery, Path weightsOut, Path plot) throws IOException {
        CompiledModel model = inv.model();
        for (TensorSpec in : model.spec().inputs()) {
            if (in.values() == null) {
                throw new CommandException("input '" + in.name() + "' of model '" + model.name() + "' has no default value,"
                        + " so the model cannot train on its defaults: give it data with --data " + in.name() + "=FILE"
                        + " (or a CSV file with --data FILE)");
            }
        }
        PrintStream out = inv.out();
        double[] losses = plot == null ? null : new double[steps + 1];
        long start = inv.nanoTime().getAsLong();
        double first = Double.NaN;
        int done = 0;
        inv.stop().install();
        try {
            for (int step = 0; step < steps && !inv.stop().requested(); step++) {
                double loss = model.trainStep();
                if (step == 0) {
                    first = loss;
                }
                if (losses != null) {
                    losses[step] = loss;
                }
                if (json && step % logEvery == 0) {
                    out.println(line(step, loss));
                }
                done++;
            }
            double last = model.evaluate();
            long end = inv.nanoTime().getAsLong();
            if (done == 0) {
                first = last;
            }
            if (losses != null) {
                losses[done] = last;
            }
            if (json) {
                out.println(line(done, last));
            } else {
                double seconds = (end - start) / 1e9;
                out.println((done < steps ? "stopped: " : "") + "trained " + model.name() + " for " + done
                        + (done == 1 ? " step" : " steps") + " with "
                        + Optimizers.describe(model.spec().train(), model.learningRate()));
                out.println("  loss " + format(first) + " -> " + format(last));
                out.println(String.format(Locale.ROOT, "  trained in %.3f s%s", seconds, done > 0 && seconds > 0
                        ? String.format(Locale.ROOT, " (%,.0f steps/s)", done / seconds) : ""));
            }
            PrintStream notes = json ? inv.err() : out; // standard output holds JSON alone
            if (weightsOut != null) {
                WeightsFile.save(model, weightsOut, Preprocessing.NONE);
                notes.println("wrote weights to " + weightsOut);
            }
            if (plot != null) {
                LossPlot.write(plot, LossPlot.svg("loss of " + model.name(), 0, Arrays.copyOf(losses, done + 1), done + 1,
                        new long[0], new double[0], ""));
                notes.println("wrote loss plot to " + plot);
            }
            out.flush();
            return done < steps ? ModelApp.INTERRUPTED : ModelApp.OK;
        } finally {
            inv.stop().finished();
            inv.stop().uninstall();
        }
    }

    private static String line(int step, double loss) {
        return "{\"step\": " + step + ", \"loss\": " + Json.number(loss) + "}";
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.9g", v);
    }
}
