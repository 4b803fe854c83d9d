package dev.nnc.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;

/** Turns {@link GemmBenchmark}'s times into one table of GFLOP/s and ratios, in Markdown. */
final class GemmTable {
    private GemmTable() {}

    static void print(Collection<RunResult> results, PrintStream out) {
        // Per shape, microseconds per call by benchmark: "naive", and "vector" or "plain"
        // followed by its thread count ("vector1", "vector2").
        Map<GemmShape, Map<String, Double>> micros = new EnumMap<>(GemmShape.class);
        for (RunResult r : results) {
            GemmShape shape = GemmShape.valueOf(r.getParams().getParam("shape"));
            String label = r.getParams().getBenchmark();
            String method = label.substring(label.lastIndexOf('.') + 1);
            String threads = r.getParams().getParam("threads");
            micros.computeIfAbsent(shape, s -> new HashMap<>())
                    .put(method.equals("naive") ? method : method + threads,
                            r.getPrimaryResult().getScore());
        }
        out.printf("sgemm, GFLOP/s (higher is better); columns marked 2t split each product"
                + " between 2 threads. %s, JDK %s, %s, %d CPUs.%n%n",
                LocalDate.now(), System.getProperty("java.vm.version"), cpuModel(),
                Runtime.getRuntime().availableProcessors());
        out.println("| product | form | m x n x k | vector | plain | naive "
                + "| vector/plain | vector/naive | vector 2t | plain 2t | vector 2t/1t |");
        out.println("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Map.Entry<GemmShape, Map<String, Double>> e : micros.entrySet()) {
            GemmShape s = e.getKey();
            double vector = gflops(s, e.getValue().get("vector1"));
            double plain = gflops(s, e.getValue().get("plain1"));
            double naive = gflops(s, e.getValue().get("naive"));
            double vector2 = gflops(s, e.getValue().get("vector2"));
            double plain2 = gflops(s, e.getValue().get("plain2"));
            out.printf("| %s | %s | %d x %d x %d | %.1f | %.1f | %.1f | %s | %s | %.1f | %.1f | %s |%n",
                    s.name().toLowerCase(), s.form(), s.m, s.n, s.k, vector, plain, naive,
                    ratio(vector, plain), ratio(vector, naive), vector2, plain2,
                    ratio(vector2, vector));
        }
    }

    /** GFLOP/s from microseconds per call; NaN when that benchmark was not run. */
    private static double gflops(GemmShape shape, Double microseconds) {
        return microseconds == null ? Double.NaN : shape.flops() / (microseconds * 1e3);
    }

    private static String ratio(double x, double y) {
        return Double.isNaN(x) || Double.isNaN(y) ? "-" : String.format("%.1fx", x / y);
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim() + " ("
                            + System.getProperty("os.arch") + ")";
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: the architecture alone will do.
        }
        return System.getProperty("os.arch");
    }
}
