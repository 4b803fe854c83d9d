package dev.nnc.runtime.app;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Training for people. On a terminal, a one-line progress bar redrawn in place with a carriage
 * return (at most ten times a second), with one line kept per epoch:
 *
 * <pre>
 *   epoch 2/5 [######              ] 120/469  loss 0.432100  23,456 examples/s  1:23 left
 *   epoch 2/5  train loss 0.432100  val loss 0.401234  val accuracy 85.32%  12.3 s
 * </pre>
 *
 * Elsewhere (a file, a pipe, a CI log), where a carriage return would pile up, plain lines: one
 * about every tenth of an epoch (but none within a second of the line before, so that a log of
 * quick epochs holds only their epoch lines), and the epoch's line.
 *
 * <pre>
 *   epoch 2/5  step 120/469  loss 0.432100  23,456 examples/s  1:23 left
 * </pre>
 *
 * The loss of a step line or of the bar is the epoch's mean so far, which is steadier than one
 * batch's. With {@code --log-every K}, every K-th step gets a line, on a terminal too. Notes and
 * the summary at the end are plain lines.
 */
final class TextReport implements TrainingReport {
    /** Redraw the bar at most this often: drawing costs time, and faster is a blur anyway. */
    private static final long REDRAW_NANOS = 100_000_000;
    /** Plain step lines at least this far apart, unless --log-every asks for them. */
    private static final long LINE_NANOS = 1_000_000_000;
    private static final int BAR_WIDTH = 20;

    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier clock;
    private Plan plan;
    private long runStart;
    private long lastDraw;
    private long lastLine;
    private int drawn;
    private long examples;
    private long steps;

    TextReport(PrintStream out, boolean terminal, LongSupplier clock) {
        this.out = out;
        this.terminal = terminal;
        this.clock = clock;
    }

    @Override
    public void start(Plan p) {
        this.plan = p;
        this.runStart = clock.getAsLong();
        this.lastDraw = runStart - REDRAW_NANOS;
        println(header(p));
    }

    static String header(Plan p) {
        int epochs = p.epochs();
        return String.format(Locale.ROOT, "training %s on %,d examples: batch %d, %,d %s an epoch, %d %s, %s%s", p.model(),
                p.examples(), p.batchSize(), p.stepsPerEpoch(), p.stepsPerEpoch() == 1 ? "step" : "steps", epochs,
                epochs == 1 ? "epoch" : "epochs", p.optimizer(),
                p.heldOut() > 0 ? String.format(Locale.ROOT, "; %,d examples held out", p.heldOut()) : "");
    }

    @Override
    public void step(int epoch, int stepInEpoch, long step, int rows, double loss, double epochLoss) {
        examples += rows;
        steps++;
        boolean log = TrainingReport.logged(plan, stepInEpoch, step);
        if (!terminal && !log) {
            return; // the common case: nothing to print, nothing to compute
        }
        long now = clock.getAsLong();
        if (!terminal && plan.logEvery() == 0 && now - lastLine < LINE_NANOS) {
            return;
        }
        double seconds = (now - runStart) / 1e9;
        double rate = seconds > 0 ? examples / seconds : Double.NaN;
        double left = seconds / steps * (plan.lastStep() - step - 1);
        if (log && (!terminal || plan.logEvery() > 0)) {
            clearBar();
            println(stepLine(epoch + 1, plan.epochs(), stepInEpoch + 1, plan.stepsPerEpoch(), epochLoss, rate, left));
        }
        if (terminal && now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw(bar(epoch + 1, plan.epochs(), stepInEpoch + 1, plan.stepsPerEpoch(), epochLoss, rate, left));
        }
    }

    static String stepLine(int epoch, int epochs, int step, int steps, double loss, double rate, double left) {
        return String.format(Locale.ROOT, "epoch %d/%d  step %d/%d  loss %s%s", epoch, epochs, step, steps, loss(loss),
                speed(rate, left));
    }

    static String bar(int epoch, int epochs, int step, int steps, double loss, double rate, double left) {
        int filled = (int) ((long) BAR_WIDTH * step / Math.max(1, steps));
        String bar = "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled);
        return String.format(Locale.ROOT, "epoch %d/%d [%s] %d/%d  loss %s%s", epoch, epochs, bar, step, steps,
                loss(loss), speed(rate, left));
    }

    private static String speed(double rate, double left) {
        if (Double.isNaN(rate)) {
            return "";
        }
        return String.format(Locale.ROOT, "  %,.0f examples/s  %s left", rate, clock(left));
    }

    @Override
    public void epoch(Epoch e) {
        clearBar();
        println(epochLine(e));
    }

    static String epochLine(Epoch e) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d  train loss %s", e.epoch(),
                e.epochs(), loss(e.trainLoss())));
        Metrics m = e.heldOut();
        if (m != null) {
            s.append("  ").append(e.heldOutName()).append(" loss ").append(loss(m.loss())).append("  ")
                    .append(e.heldOutName()).append(" accuracy ").append(accuracy(m));
        }
        return s.append("  ").append(seconds(e.seconds())).toString();
    }

    @Override
    public void note(String message) {
        clearBar();
        println(message);
    }

    @Override
    public void finish(Outcome o) {
        clearBar();
        out.println(summary(o));
        if (o.test() != null) {
            out.println(testLine(o.test()));
        }
        out.flush();
    }

    static String summary(Outcome o) {
        StringBuilder s = new StringBuilder(o.stopped() ? "stopped: " : "").append(String.format(Locale.ROOT,
                "trained %s for %d %s (%,d %s) in %s", o.model(), o.epochs(), o.epochs() == 1 ? "epoch" : "epochs",
                o.steps(), o.steps() == 1 ? "step" : "steps", seconds(o.seconds())));
        Epoch last = o.last();
        if (last != null) {
            s.append(": train loss ").append(loss(last.trainLoss()));
            if (last.heldOut() != null) {
                s.append(", ").append(last.heldOutName()).append(" loss ").append(loss(last.heldOut().loss()))
                        .append(", ").append(last.heldOutName()).append(" accuracy ").append(accuracy(last.heldOut()));
            }
        }
        return s.toString();
    }

    static String testLine(Metrics m) {
        return "test loss " + loss(m.loss()) + "  test accuracy " + accuracy(m);
    }

    /** {@code 85.32% (8,532/10,000)}, or {@code n/a}. */
    static String accuracy(Metrics m) {
        return m.hasAccuracy() ? String.format(Locale.ROOT, "%.2f%% (%,d/%,d)", 100 * m.accuracy(), m.correct(),
                m.examples()) : "n/a";
    }

    static String loss(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** {@code 12.3 s} under a minute, {@code 4:05} or {@code 1:04:05} above. */
    static String seconds(double s) {
        return s < 60 ? String.format(Locale.ROOT, "%.1f s", s) : clock(s);
    }

    /** {@code 0:42}, {@code 4:05}, {@code 1:04:05}. */
    static String clock(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(Math.max(0, seconds));
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private void println(String line) {
        out.println(line);
        lastLine = clock.getAsLong();
    }

    /** Draws the bar over the previous one, blanking what the new one does not cover. */
    private void draw(String line) {
        out.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
        out.flush();
        drawn = line.length();
    }

    private void clearBar() {
        if (drawn > 0) {
            out.print("\r" + " ".repeat(drawn) + "\r");
            drawn = 0;
        }
    }
}
