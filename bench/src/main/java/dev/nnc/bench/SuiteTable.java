package dev.nnc.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * The suite's one table, in Markdown: per benchmark nnc's figure, what it is measured
 * against, that figure, the ratio, issue 6's target and whether this run meets it. Works on
 * named figures ({@link Suite} collects them from JMH's results), so it can be tested on
 * made-up ones. A figure that is missing (its benchmark was not run) prints as "-" and its
 * target as "not run".
 *
 * <p>Names: {@code mazur.nnc}, {@code mazur.hand}, {@code mazur.torch} (ns/step);
 * {@code mlp.nnc1}, {@code mlp.nnc2}, {@code mlp.plain}, {@code mlp.vector},
 * {@code mlp.torch}, {@code mlp.numpy}, {@code mlp.forward} (examples/s); {@code cores} (two spinning threads'
 * work over one's), {@code cores.even} (the slower thread's work over the faster's),
 * {@code cores.trip} (a cache line's round trip between two threads, ns),
 * {@code rounds}, {@code rounds.free} (mlp rounds in all, and with both cores free); {@code compile.mazur}, {@code compile.mlp} (ms); {@code check.cold} (s);
 * {@code alloc.mazur.nnc}, {@code alloc.mazur.hand}, {@code alloc.mlp.nnc},
 * {@code alloc.mlp.vector} (bytes/step); {@code gemm.SHAPE.vector}, {@code gemm.SHAPE.naive},
 * {@code gemm.SHAPE.vector2} and {@code openblas.SHAPE} (GFLOP/s).
 *
 * <p>A ratio is one figure over the other, unless the figures hold it under the name
 * {@code "a/b"} ({@code mlp.nnc1/mlp.vector}): the suite measures the mlp in rounds and gives
 * the median of the ratios within a round, which is not always the ratio of the medians.
 */
final class SuiteTable {
    private SuiteTable() {}

    /** Two spinning threads must do at least this much of twice one thread's work. */
    static final double FREE_CORES = 1.8;
    /** And the slower of the two at least this much of the faster's. */
    static final double EVEN_CORES = 0.9;
    /**
     * And a cache line's round trip between them at most this many nanoseconds: about 70 when
     * this machine's two vCPUs share an L3, 450-490 when they sit on different dies.
     */
    static final double CLOSE_CORES_NS = 200;

    /**
     * Whether a free-cores check (or the worse of two) found both cores free, even and close.
     * A figure the check did not give is not held against it.
     */
    static boolean coresFree(Double work, Double even, Double trip) {
        return work != null && work >= FREE_CORES && (even == null || even >= EVEN_CORES)
                && (trip == null || trip <= CLOSE_CORES_NS);
    }
    /**
     * Allowed bytes per step above the allocation-free baseline's in the same run: less than
     * one object (16 bytes) per step. JMH allocates a few kilobytes per iteration of its own,
     * which the gc profiler spreads over the steps, so neither side reads exactly 0.
     */
    static final double ALLOC_SLACK = 16;

    static void print(Map<String, Double> f, PrintStream out) {
        out.println("| benchmark | unit | nnc | against | their figure | ratio | target | met |");
        out.println("| --- | --- | ---: | --- | ---: | ---: | --- | --- |");
        Row row = new Row(f, out);

        row.lowerIsBetter("mazur", "ns/step", "mazur.nnc", "hand-written Java", "mazur.hand", 1.0);
        row.timesFaster("mazur", "ns/step", "mazur.nnc", "PyTorch, 1 thread", "mazur.torch", 1000);

        row.higherIsBetter("mlp, 1 thread", "examples/s", "mlp.nnc1", "plain loops", "mlp.plain", Double.NaN);
        row.higherIsBetter("mlp, 1 thread", "examples/s", "mlp.nnc1", "Vector API", "mlp.vector", 1.0);
        row.higherIsBetter("mlp, 1 thread", "examples/s", "mlp.nnc1", "PyTorch, 1 thread", "mlp.torch", 1.4);
        row.stretch("mlp, 1 thread", "examples/s", "mlp.nnc1", "numpy + OpenBLAS, 1 thread", "mlp.numpy");
        row.twoThreads();

        // Times are inverse throughputs: (step - forward) / forward = forward's rate / step's - 1.
        Double rates = ratio(f, "mlp.forward", "mlp.nnc1");
        Double ratio = rates == null ? null : rates - 1;
        row.print("ratio", "(step - forward) / forward", fmt(ratio, "%.2f"), "-", "-", fmt(ratio, "%.2f"),
                "≤ 2.0", met(ratio, ratio != null && ratio <= 2.0));

        row.absolute("compile, mazur", "ms, warm JVM", "compile.mazur", 20);
        row.absolute("compile, mlp", "ms, warm JVM", "compile.mlp", 50);
        row.absolute("./nnc check samples/mazur.nn", "s, whole process, best of 5", "check.cold", 0.5);

        row.allocation("alloc, mazur", "alloc.mazur.nnc", "hand-written Java", "alloc.mazur.hand");
        row.allocation("alloc, mlp", "alloc.mlp.nnc", "Vector API", "alloc.mlp.vector");

        for (GemmShape s : GemmShape.values()) {
            String name = "gemm " + s.name().toLowerCase(Locale.ROOT) + " " + s.form();
            String unit = "GFLOP/s, " + s.m + " x " + s.n + " x " + s.k;
            String key = "gemm." + s.name();
            row.higherIsBetter(name, unit, key + ".vector", "naive loop", key + ".naive", Double.NaN);
            if (f.containsKey(key + ".vector2")) {
                row.higherIsBetter(name, unit + ", 2 threads", key + ".vector2", "itself, 1 thread",
                        key + ".vector", Double.NaN);
            }
            boolean square = s.m == 1024;
            if (square || f.containsKey("openblas." + s.name())) {
                row.higherIsBetter(name, unit, key + ".vector", "OpenBLAS (numpy), 1 thread",
                        "openblas." + s.name(), square ? 0.6 : Double.NaN);
            }
        }
    }

    /** a / b: the figure named "a/b" when there is one, else a's figure over b's; null when missing. */
    static Double ratio(Map<String, Double> f, String a, String b) {
        Double paired = f.get(a + "/" + b);
        if (paired != null) {
            return paired;
        }
        Double x = f.get(a);
        Double y = f.get(b);
        return x == null || y == null ? null : x / y;
    }

    /** Prints rows in one format; each method judges one kind of target. */
    private record Row(Map<String, Double> f, PrintStream out) {

        void print(String bench, String unit, String nnc, String against, String theirs,
                String ratio, String target, String met) {
            out.printf("| %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    bench, unit, nnc, against, theirs, ratio, target, met);
        }

        /** Times: ratio nnc / theirs, met when at most {@code max}. */
        void lowerIsBetter(String bench, String unit, String nncKey, String against, String theirKey, double max) {
            Double nnc = f.get(nncKey);
            Double theirs = f.get(theirKey);
            Double ratio = nnc == null || theirs == null ? null : nnc / theirs;
            print(bench, unit, number(nnc), against, number(theirs), fmt(ratio, "%.2f"),
                    "≤ " + max, met(ratio, ratio != null && ratio <= max));
        }

        /** Times: how many times faster nnc is, met when at least {@code min}. */
        void timesFaster(String bench, String unit, String nncKey, String against, String theirKey, double min) {
            Double nnc = f.get(nncKey);
            Double theirs = f.get(theirKey);
            Double faster = nnc == null || theirs == null ? null : theirs / nnc;
            print(bench, unit, number(nnc), against, number(theirs), fmt(faster, "%.0fx faster"),
                    "≥ " + number(min) + "x faster", met(faster, faster != null && faster >= min));
        }

        /** Rates: ratio nnc / theirs, met when at least {@code min}; NaN: no target, ratio only. */
        void higherIsBetter(String bench, String unit, String nncKey, String against, String theirKey, double min) {
            rates(bench, unit, nncKey, against, theirKey, min, "≥ " + min + "x");
        }

        /** Rates: issue 6's stretch, at least theirs. */
        void stretch(String bench, String unit, String nncKey, String against, String theirKey) {
            rates(bench, unit, nncKey, against, theirKey, 1.0, "stretch: ≥ 1.0x");
        }

        private void rates(String bench, String unit, String nncKey, String against, String theirKey, double min,
                           String target) {
            Double ratio = ratio(f, nncKey, theirKey);
            boolean judged = !Double.isNaN(min);
            print(bench, unit, number(f.get(nncKey)), against, number(f.get(theirKey)), fmt(ratio, "%.2fx"),
                    judged ? target : "-", judged ? met(ratio, ratio != null && ratio >= min) : "-");
        }

        /**
         * nnc on 2 threads over nnc on 1, judged only when both cores were free, even and close: in
         * at least one round ({@code rounds.free}), or, without rounds, by the one check.
         */
        void twoThreads() {
            Double one = f.get("mlp.nnc1");
            Double two = f.get("mlp.nnc2");
            Double ratio = ratio(f, "mlp.nnc2", "mlp.nnc1");
            Double cores = f.get("cores");
            Double even = f.get("cores.even");
            Double trip = f.get("cores.trip");
            Double rounds = f.get("rounds");
            Double free = f.get("rounds.free");
            String check = cores == null ? "" : String.format("spin 2t/1t %.2f", cores)
                    + (even == null ? "" : String.format(", slower core %.2f of faster", even))
                    + (trip == null ? "" : String.format(", round trip %.0f ns", trip));
            String met;
            if (ratio == null) {
                met = "not run";
            } else if (cores == null) {
                met = "not judged: cores not checked";
            } else if (free != null && rounds != null) {
                met = free < 1
                        ? "not judged: cores busy, uneven or far apart in every round (" + check + ")"
                        : (ratio >= 1.6 ? "yes" : "no") + String.format(
                                " (%.0f of %.0f rounds with both cores free, even and close; the"
                                        + " checks' medians: %s)", free, rounds, check);
            } else if (!coresFree(cores, even, trip)) {
                met = "not judged: cores busy, uneven or far apart (" + check + ")";
            } else {
                met = (ratio >= 1.6 ? "yes" : "no") + " (" + check + ")";
            }
            print("mlp, 2 threads", "examples/s", number(two), "nnc, 1 thread", number(one),
                    fmt(ratio, "%.2fx"), "≥ 1.6x, both cores free", met);
        }

        /** A figure against a fixed bound (the compile times). */
        void absolute(String bench, String unit, String key, double below) {
            Double nnc = f.get(key);
            print(bench, unit, number(nnc), "-", "-", "-", "< " + number(below),
                    met(nnc, nnc != null && nnc < below));
        }

        /** Bytes per step against an allocation-free baseline in the same run. */
        void allocation(String bench, String nncKey, String against, String theirKey) {
            Double nnc = f.get(nncKey);
            Double theirs = f.get(theirKey);
            boolean ok = nnc != null && nnc <= (theirs == null ? 0 : theirs) + ALLOC_SLACK;
            print(bench, "bytes/step", number(nnc), against, number(theirs), "-",
                    "0 (≤ theirs + " + (int) ALLOC_SLACK + ")", met(nnc, ok));
        }
    }

    private static String met(Double figure, boolean ok) {
        return figure == null ? "not run" : ok ? "yes" : "no";
    }

    private static String fmt(Double x, String format) {
        return x == null ? "-" : String.format(Locale.ROOT, format, x);
    }

    /** Three significant figures or so, with thousands separators for large numbers. */
    static String number(Double x) {
        if (x == null || x.isNaN()) {
            return "-";
        }
        double a = Math.abs(x);
        String format = a >= 100 ? "%,.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, format, x);
    }
}
