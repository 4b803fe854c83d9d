package dev.nnc.runtime.app;

import dev.nnc.runtime.AtomicFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The loss curve as a standalone SVG file that a browser opens: the training loss of every step
 * (a blue line) and, when there is a held-out set, its loss after every epoch (red, with a dot
 * per epoch), against the step, with gridlines at round values, labelled axes and a legend.
 *
 * <p>The x axis counts updates: a step's loss is plotted at the number of updates applied
 * before it, an epoch's validation loss at the number applied after it. A run of more than
 * {@value #MAX_POINTS} steps is drawn through the means of equal runs of steps, which keeps the
 * file small and the line readable. Steps whose loss is not finite leave a gap.
 *
 * <p>Hand-written XML, no library: a few elements, every coordinate formatted in the root
 * locale, every text escaped.
 */
final class LossPlot {
    static final int MAX_POINTS = 1000;
    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;
    private static final double LEFT = 80;
    private static final double RIGHT = WIDTH - 30;
    private static final double TOP = 50;
    private static final double BOTTOM = HEIGHT - 60;
    private static final String TRAIN_COLOUR = "#1f77b4";
    private static final String HELD_OUT_COLOUR = "#d62728";

    private LossPlot() {}

    /**
     * @param firstStep the global step of {@code losses[0]}
     * @param losses the loss of each step, {@code count} of them
     * @param epochSteps the global step at the end of each epoch with a held-out loss
     * @param heldOut the held-out loss after each of those epochs
     * @param heldOutName what the held-out set is, for the legend: {@code validation} or {@code test}
     */
    static String svg(String title, long firstStep, double[] losses, int count, long[] epochSteps, double[] heldOut,
                      String heldOutName) {
        List<double[]> train = downsample(firstStep, losses, count);
        List<double[]> val = new ArrayList<>();
        for (int i = 0; i < epochSteps.length; i++) {
            val.add(new double[] {epochSteps[i], heldOut[i]});
        }
        double xLo = firstStep;
        double xHi = Math.max(firstStep + Math.max(count - 1, 0), epochSteps.length == 0 ? 0 : epochSteps[epochSteps.length - 1]);
        if (xHi <= xLo) {
            xHi = xLo + 1;
        }
        double yLo = Double.POSITIVE_INFINITY;
        double yHi = Double.NEGATIVE_INFINITY;
        for (List<double[]> series : List.of(train, val)) {
            for (double[] p : series) {
                if (Double.isFinite(p[1])) {
                    yLo = Math.min(yLo, p[1]);
                    yHi = Math.max(yHi, p[1]);
                }
            }
        }
        if (!(yLo <= yHi)) {
            yLo = 0;
            yHi = 1;
        } else if (yLo == yHi) {
            double pad = yLo == 0 ? 1 : Math.abs(yLo) * 0.1;
            yLo -= pad;
            yHi += pad;
        }
        double[] yTicks = ticks(yLo, yHi, 0);
        double[] xTicks = ticks(xLo, xHi, 1);
        // Extend the y range to whole ticks, so the curve never touches the frame.
        double yStep = yTicks.length > 1 ? yTicks[1] - yTicks[0] : yHi - yLo;
        yLo = Math.min(yLo, Math.floor(yLo / yStep) * yStep);
        yHi = Math.max(yHi, Math.ceil(yHi / yStep) * yStep);
        Scale sx = new Scale(xLo, xHi, LEFT, RIGHT);
        Scale sy = new Scale(yLo, yHi, BOTTOM, TOP);
        yTicks = ticks(yLo, yHi, 0);

        StringBuilder s = new StringBuilder();
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        s.append("  <title>").append(escape(title)).append("</title>\n");
        s.append("  <rect x=\"0\" y=\"0\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" fill=\"white\"/>\n");
        s.append("  <text x=\"").append(num((LEFT + RIGHT) / 2)).append("\" y=\"28\" text-anchor=\"middle\" font-size=\"16\">")
                .append(escape(title)).append("</text>\n");

        s.append("  <g stroke=\"#e0e0e0\" stroke-width=\"1\">\n");
        for (double t : yTicks) {
            line(s, LEFT, sy.map(t), RIGHT, sy.map(t));
        }
        for (double t : xTicks) {
            line(s, sx.map(t), TOP, sx.map(t), BOTTOM);
        }
        s.append("  </g>\n");
        s.append("  <g stroke=\"black\" stroke-width=\"1\">\n");
        line(s, LEFT, BOTTOM, RIGHT, BOTTOM);
        line(s, LEFT, TOP, LEFT, BOTTOM);
        for (double t : yTicks) {
            line(s, LEFT - 5, sy.map(t), LEFT, sy.map(t));
        }
        for (double t : xTicks) {
            line(s, sx.map(t), BOTTOM, sx.map(t), BOTTOM + 5);
        }
        s.append("  </g>\n");
        s.append("  <g fill=\"black\">\n");
        int yDecimals = decimals(yTicks);
        for (double t : yTicks) {
            s.append("    <text x=\"").append(num(LEFT - 8)).append("\" y=\"").append(num(sy.map(t) + 4))
                    .append("\" text-anchor=\"end\">").append(String.format(Locale.ROOT, "%." + yDecimals + "f", t))
                    .append("</text>\n");
        }
        for (double t : xTicks) {
            s.append("    <text x=\"").append(num(sx.map(t))).append("\" y=\"").append(num(BOTTOM + 20))
                    .append("\" text-anchor=\"middle\">").append(String.format(Locale.ROOT, "%,d", Math.round(t)))
                    .append("</text>\n");
        }
        s.append("    <text x=\"").append(num((LEFT + RIGHT) / 2)).append("\" y=\"").append(num(HEIGHT - 15))
                .append("\" text-anchor=\"middle\">step (updates applied)</text>\n");
        s.append("    <text transform=\"translate(20 ").append(num((TOP + BOTTOM) / 2))
                .append(") rotate(-90)\" text-anchor=\"middle\">loss</text>\n");
        s.append("  </g>\n");

        curve(s, train, sx, sy, TRAIN_COLOUR, false);
        curve(s, val, sx, sy, HELD_OUT_COLOUR, true);

        // The legend, in the top right corner of the plot area.
        int entries = val.isEmpty() ? 1 : 2;
        double lx = RIGHT - 200;
        double ly = TOP + 10;
        s.append("  <g>\n");
        s.append("    <rect x=\"").append(num(lx)).append("\" y=\"").append(num(ly)).append("\" width=\"190\" height=\"")
                .append(num(10 + 20 * entries)).append("\" fill=\"white\" stroke=\"#999\"/>\n");
        legend(s, lx, ly + 20, TRAIN_COLOUR, "training loss (per step)");
        if (!val.isEmpty()) {
            legend(s, lx, ly + 40, HELD_OUT_COLOUR, heldOutName + " loss (per epoch)");
        }
        s.append("  </g>\n");
        s.append("</svg>\n");
        return s.toString();
    }

    /** Writes the plot atomically: a reader never sees half a file. */
    static void write(Path file, String svg) throws IOException {
        byte[] bytes = svg.getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(file, channel -> {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                channel.write(b);
            }
        });
    }

    /** Points (x, loss); the means of runs of steps when there are more than MAX_POINTS. */
    private static List<double[]> downsample(long firstStep, double[] losses, int count) {
        List<double[]> points = new ArrayList<>();
        int run = Math.max(1, (count + MAX_POINTS - 1) / MAX_POINTS);
        for (int start = 0; start < count; start += run) {
            int end = Math.min(count, start + run);
            double sum = 0;
            for (int i = start; i < end; i++) {
                sum += losses[i];
            }
            points.add(new double[] {firstStep + (start + end - 1) / 2.0, sum / (end - start)});
        }
        return points;
    }

    /** A polyline through the points, broken where a loss is not finite; dots too when asked. */
    private static void curve(StringBuilder s, List<double[]> points, Scale sx, Scale sy, String colour, boolean dots) {
        if (points.isEmpty()) {
            return;
        }
        s.append("  <g fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\">\n");
        StringBuilder run = new StringBuilder();
        for (double[] p : points) {
            if (Double.isFinite(p[1])) {
                run.append(run.length() == 0 ? "" : " ").append(num(sx.map(p[0]))).append(',').append(num(sy.map(p[1])));
            } else {
                polyline(s, run);
            }
        }
        polyline(s, run);
        if (dots) {
            for (double[] p : points) {
                if (Double.isFinite(p[1])) {
                    s.append("    <circle cx=\"").append(num(sx.map(p[0]))).append("\" cy=\"").append(num(sy.map(p[1])))
                            .append("\" r=\"3\" fill=\"").append(colour).append("\"/>\n");
                }
            }
        }
        s.append("  </g>\n");
    }

    private static void polyline(StringBuilder s, StringBuilder points) {
        if (points.length() > 0) {
            s.append("    <polyline points=\"").append(points).append("\"/>\n");
            points.setLength(0);
        }
    }

    private static void legend(StringBuilder s, double x, double y, String colour, String text) {
        s.append("    <line x1=\"").append(num(x + 10)).append("\" y1=\"").append(num(y)).append("\" x2=\"")
                .append(num(x + 34)).append("\" y2=\"").append(num(y)).append("\" stroke=\"").append(colour)
                .append("\" stroke-width=\"2\"/>\n");
        s.append("    <text x=\"").append(num(x + 40)).append("\" y=\"").append(num(y + 4)).append("\">")
                .append(escape(text)).append("</text>\n");
    }

    private static void line(StringBuilder s, double x1, double y1, double x2, double y2) {
        s.append("    <line x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1)).append("\" x2=\"").append(num(x2))
                .append("\" y2=\"").append(num(y2)).append("\"/>\n");
    }

    /**
     * Round values between lo and hi, about five of them: multiples of 1, 2 or 5 times a power
     * of ten, and at least {@code minStep} apart (1 for step numbers).
     */
    static double[] ticks(double lo, double hi, double minStep) {
        double raw = Math.max((hi - lo) / 5, minStep);
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / power < 1.5 ? power : raw / power < 3.5 ? 2 * power : raw / power < 7.5 ? 5 * power
                : 10 * power;
        List<Double> ticks = new ArrayList<>();
        for (double k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) {
            ticks.add(k * step + 0.0); // + 0.0: no tick labelled -0
        }
        return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Enough decimals to tell neighbouring ticks apart. */
    private static int decimals(double[] ticks) {
        if (ticks.length < 2) {
            return 2;
        }
        double step = ticks[1] - ticks[0];
        return (int) Math.max(0, Math.min(10, Math.ceil(-Math.log10(step) - 1e-9)));
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A linear map from data to picture coordinates. */
    private record Scale(double lo, double hi, double from, double to) {
        double map(double v) {
            return from + (v - lo) / (hi - lo) * (to - from);
        }
    }
}
