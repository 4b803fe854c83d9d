package dev.nnc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The suite's table on made-up figures: its shape and its judgements, no timings. */
class SuiteTableTest {

    private static List<String> table(Map<String, Double> figures) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SuiteTable.print(figures, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static String row(List<String> lines, String start, String against) {
        return lines.stream()
                .filter(l -> l.startsWith("| " + start + " |") && l.contains("| " + against + " |"))
                .findFirst().orElseThrow(() -> new AssertionError("no row " + start + " / " + against));
    }

    /** The two-thread row, the one most cases here look at. */
    private static String twoThreads(Map<String, Double> figures) {
        return twoThreads(table(figures));
    }

    private static String twoThreads(List<String> lines) {
        return row(lines, "mlp, 2 threads", "nnc, 1 thread");
    }

    private static Map<String, Double> figures() {
        Map<String, Double> f = new HashMap<>();
        f.put("mazur.nnc", 50.0);
        f.put("mazur.hand", 70.0);
        f.put("mazur.torch", 75_000.0);
        f.put("mlp.nnc1", 100_000.0);
        f.put("mlp.nnc2", 150_000.0);
        f.put("mlp.forward", 250_000.0);
        f.put("mlp.plain", 40_000.0);
        f.put("mlp.vector", 110_000.0);
        f.put("mlp.numpy", 120_000.0);
        f.put("cores", 1.95);
        f.put("compile.mazur", 5.0);
        f.put("compile.mlp", 60.0);
        f.put("check.cold", 0.3);
        f.put("alloc.mazur.nnc", 0.001);
        f.put("alloc.mazur.hand", 0.001);
        f.put("alloc.mlp.nnc", 4096.0);
        f.put("alloc.mlp.vector", 10.0);
        f.put("gemm.SQUARE_NN.vector", 150.0);
        f.put("gemm.SQUARE_NN.naive", 3.0);
        f.put("openblas.SQUARE_NN", 160.0);
        return f;
    }

    @Test
    void everyRowHasTheHeadersColumns() {
        List<String> lines = table(figures());
        int columns = lines.get(0).split("\\|", -1).length;
        for (String line : lines) {
            assertEquals(columns, line.split("\\|", -1).length, line);
        }
    }

    @Test
    void judgesEachTargetFromItsRatio() {
        List<String> lines = table(figures());
        assertEquals("| mazur | ns/step | 50.0 | hand-written Java | 70.0 | 0.71 | ≤ 1.0 | yes |",
                row(lines, "mazur", "hand-written Java"));
        assertTrue(row(lines, "mazur", "PyTorch, 1 thread").contains("| 1500x faster | ≥ 1,000x faster | yes |"));
        assertTrue(row(lines, "mlp, 1 thread", "Vector API").endsWith("| 0.91x | ≥ 1.0x | no |"));
        assertTrue(row(lines, "mlp, 1 thread", "plain loops").endsWith("| 2.50x | - | - |"));
        assertTrue(row(lines, "mlp, 1 thread", "numpy + OpenBLAS, 1 thread")
                .endsWith("| 120,000 | 0.83x | stretch: ≥ 1.0x | no |"));
        assertTrue(twoThreads(lines).contains("| 1.50x |"));
        assertTrue(twoThreads(lines).endsWith("| no (spin 2t/1t 1.95) |"));
        // Forward at 2.5 times the step's rate: backward and update take 1.5 forwards.
        assertTrue(row(lines, "ratio", "-").endsWith("| 1.50 | ≤ 2.0 | yes |"));
        assertTrue(row(lines, "compile, mlp", "-").endsWith("| no |"));
        assertTrue(row(lines, "alloc, mazur", "hand-written Java").endsWith("| yes |"));
        assertTrue(row(lines, "alloc, mlp", "Vector API").endsWith("| no |"));
        assertTrue(row(lines, "gemm square_nn NN", "OpenBLAS (numpy), 1 thread").contains("| 0.94x | ≥ 0.6x | yes |"));
    }

    @Test
    void missingFiguresAreNotRunAndBusyCoresAreNotJudged() {
        Map<String, Double> f = figures();
        f.remove("mazur.torch");
        f.remove("mlp.torch");
        f.put("cores", 1.1);
        List<String> lines = table(f);
        assertTrue(row(lines, "mazur", "PyTorch, 1 thread").endsWith("| not run |"));
        assertTrue(row(lines, "mlp, 1 thread", "PyTorch, 1 thread").endsWith("| not run |"));
        assertTrue(twoThreads(lines).contains("not judged: cores busy"));
        assertTrue(row(lines, "gemm square_tn TN", "OpenBLAS (numpy), 1 thread").endsWith("| not run |"));
    }

    @Test
    void unevenCoresAreNotJudged() {
        Map<String, Double> f = figures();
        f.put("cores.even", 0.55);
        assertTrue(twoThreads(f)
                .endsWith("| not judged: cores busy, uneven or far apart (spin 2t/1t 1.95, slower core 0.55 of faster) |"));
        f.put("cores.even", 0.97);
        assertTrue(twoThreads(f)
                .endsWith("| no (spin 2t/1t 1.95, slower core 0.97 of faster) |"));
    }

    @Test
    void coresFarApartAreNotJudged() {
        Map<String, Double> f = figures();
        f.put("cores.even", 0.97);
        f.put("cores.trip", 460.0);
        assertTrue(twoThreads(f).endsWith("| not judged: cores busy,"
                + " uneven or far apart (spin 2t/1t 1.95, slower core 0.97 of faster, round trip 460 ns) |"));
        f.put("cores.trip", 71.0);
        assertTrue(twoThreads(f)
                .endsWith("| no (spin 2t/1t 1.95, slower core 0.97 of faster, round trip 71 ns) |"));
    }

    @Test
    void roundsWithBothCoresFreeDecide() {
        Map<String, Double> f = figures();
        f.put("cores.even", 0.7);
        f.put("rounds", 3.0);
        f.put("rounds.free", 1.0);
        f.put("mlp.nnc2/mlp.nnc1", 1.7);
        assertTrue(twoThreads(f).endsWith(
                "| 1.70x | ≥ 1.6x, both cores free | yes (1 of 3 rounds with both cores free, even and"
                        + " close; the checks' medians: spin 2t/1t 1.95, slower core 0.70 of faster) |"));
        f.put("rounds.free", 0.0);
        assertTrue(twoThreads(f)
                .contains("| not judged: cores busy, uneven or far apart in every round ("));
    }

    @Test
    void ratiosMeasuredInRoundsOverrideTheRatioOfTheFigures() {
        Map<String, Double> f = figures();
        f.put("mlp.nnc1/mlp.vector", 1.04);
        f.put("mlp.nnc2/mlp.nnc1", 1.62);
        f.put("mlp.forward/mlp.nnc1", 2.3);
        List<String> lines = table(f);
        assertEquals("| mlp, 1 thread | examples/s | 100,000 | Vector API | 110,000 | 1.04x | ≥ 1.0x | yes |",
                row(lines, "mlp, 1 thread", "Vector API"));
        assertTrue(twoThreads(lines).contains("| 1.62x | ≥ 1.6x, both cores free | yes"),
                twoThreads(lines));
        assertTrue(row(lines, "ratio", "-").contains("| 1.30 | - | - | 1.30 | ≤ 2.0 | yes |"), row(lines, "ratio", "-"));
    }

    @Test
    void theMedianOfRoundsSkipsMissingValues() {
        List<Map<String, Double>> rounds = List.of(Map.of("x", 3.0), Map.of("x", 1.0), Map.of(), Map.of("x", 2.0));
        assertEquals(2.0, Suite.median(rounds, f -> f.get("x")));
        assertEquals(1.5, Suite.median(List.of(Map.of("x", 1.0), Map.of("x", 2.0)), f -> f.get("x")));
        assertEquals(null, Suite.median(List.of(Map.of()), f -> f.get("x")));
    }
}
