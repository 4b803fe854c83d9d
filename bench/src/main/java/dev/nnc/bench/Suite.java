package dev.nnc.bench;

import dev.nnc.bench.baseline.MlpProblem;
import dev.nnc.bench.baseline.MlpStep;
import dev.nnc.bench.baseline.PlainMlpStep;
import dev.nnc.runtime.gemm.Gemm;
import dev.nnc.runtime.gemm.GemmKernel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Issue 6's whole suite in one process, ending in {@link SuiteTable}'s one table. In order,
 * never two measurements at once: the OpenBLAS reference line (python3 with numpy, when
 * there), the cold {@code ./nnc check}, then the JMH benchmarks (mazur and mlp with the gc
 * profiler, compile, gemm), the mlp's in rounds, each with the numpy step first, between
 * checks that both cores are free ({@link #mlp}).
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.nnc.bench.Suite [JMH options]</pre>
 *
 * <p>JMH options given on the command line apply to every run and override the suite's short
 * defaults (one fork, 3 x 1 s warm-up, 5 x 1 s measurement; gemm 2 and 3), e.g.
 * {@code -f 2 -wi 5 -i 10}. The repository root (for {@code ./nnc} and the python script) is
 * {@code -Dnnc.root}, by default the working directory. The PyTorch peers run when they were
 * built in ({@code -Ppeers}).
 */
public final class Suite {
    private final CommandLineOptions cli;
    private final Path root;
    private final Map<String, Double> figures = new TreeMap<>();

    private Suite(CommandLineOptions cli, Path root) {
        this.cli = cli;
        this.root = root;
    }

    public static void main(String[] args) throws Exception {
        Suite suite = new Suite(new CommandLineOptions(args),
                Path.of(System.getProperty("nnc.root", ".")).toAbsolutePath().normalize());
        String loadBefore = loadAverage();
        suite.openBlas();
        suite.coldCheck();
        suite.mazur();
        String loadAtMlp = loadAverage();
        suite.mlp();
        suite.compile();
        suite.gemm();
        System.out.println();
        System.out.printf("nnc suite, %s, JDK %s, %s, %d CPUs. Load average (1, 5, 15 min) at the"
                        + " start: %s; before the mlp: %s; at the end: %s.%n%n",
                Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC",
                System.getProperty("java.vm.version"), cpuModel(),
                Runtime.getRuntime().availableProcessors(), loadBefore, loadAtMlp, loadAverage());
        SuiteTable.print(suite.figures, System.out);
    }

    private void mazur() throws RunnerException {
        List<String> include = new ArrayList<>(List.of("\\.MazurBenchmark\\."));
        if (peersBuilt()) {
            include.add("\\.TorchMazurBenchmark\\.");
        }
        for (RunResult r : run(include, 3, 5, true)) {
            String method = method(r);
            // TorchMazurBenchmark calls its thread count torchThreads.
            boolean oneThread = "1".equals(r.getParams().getParam("torchThreads"));
            switch (method) {
                case "nnc" -> {
                    figures.put("mazur.nnc", score(r));
                    figures.put("alloc.mazur.nnc", bytesPerOp(r));
                }
                case "handWritten" -> {
                    figures.put("mazur.hand", score(r));
                    figures.put("alloc.mazur.hand", bytesPerOp(r));
                }
                case "pyTorch" -> {
                    if (oneThread) {
                        figures.put("mazur.torch", score(r));
                    }
                }
                default -> { }
            }
        }
    }

    /**
     * The mlp's figures, in {@link #MLP_ROUNDS} rounds. The first runs every mlp benchmark
     * (with the gc profiler, for the allocation rows); the others only the figures the
     * targets compare with each other: nnc's step on one and two threads, its forward pass,
     * and the Vector API baseline. The free-cores check runs before the first round and after
     * every round, and a round's {@code cores} figures are the worse of the checks on either
     * side of it. A figure is the median of its rounds, and each target's ratio the median of
     * the ratios within a round ({@code "a/b"} figures): on a shared virtual machine the speed
     * of both cores drifts by 20-30% over minutes, so figures taken minutes apart are not
     * comparable, while figures taken within one round, a minute, mostly are. The two-thread
     * ratio is the median over the rounds whose checks found both cores free, even and close
     * ({@link SuiteTable#coresFree}; {@code rounds.free} counts them), over all rounds when
     * none did.
     */
    private void mlp() throws RunnerException, IOException, InterruptedException {
        List<Map<String, Double>> rounds = new ArrayList<>();
        Cores before = freeCores();
        List<Map<String, Double>> free = new ArrayList<>();
        int planned = MLP_ROUNDS;
        for (int round = 0; round < planned; round++) {
            Map<String, Double> f = new TreeMap<>();
            if (round < MLP_ROUNDS) {
                mlpRound(round == 0, f);
            } else {
                nncSteps(false, f);
            }
            Cores after = freeCores();
            f.put("cores", Math.min(before.work(), after.work()));
            f.put("cores.even", Math.min(before.even(), after.even()));
            f.put("cores.trip", Math.max(before.trip(), after.trip()));
            before = after;
            rounds.add(f);
            if (SuiteTable.coresFree(f.get("cores"), f.get("cores.even"), f.get("cores.trip"))) {
                free.add(f);
            }
            if (round == planned - 1 && extraRound(!free.isEmpty(), after, planned)) {
                planned++;
                System.out.println("suite: no round so far found both cores free, even and close, and the"
                        + " last check did: one more round, nnc's step on one and two threads only");
            }
            System.out.println("suite: mlp round " + (round + 1) + " of " + planned + ": " + f);
        }
        figures.putAll(rounds.get(0));
        for (String key : List.of("cores", "cores.even", "cores.trip", "mlp.nnc1", "mlp.nnc2",
            "mlp.forward", "mlp.vector", "mlp.numpy")) {
            Double median = median(rounds, f -> f.get(key));
            if (median != null) {
                figures.put(key, median);
            }
        }
        for (String[] pair : new String[][] {{"mlp.nnc1", "mlp.vector"}, {"mlp.forward", "mlp.nnc1"},
            {"mlp.nnc1", "mlp.numpy"}}) {
            Double median = median(rounds, f -> SuiteTable.ratio(f, pair[0], pair[1]));
            if (median != null) {
                figures.put(pair[0] + "/" + pair[1], median);
            }
        }
        if (numpyProblem != null) {
            try (var files = Files.list(numpyProblem)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(numpyProblem);
            numpyProblem = null;
        }
        figures.put("rounds", (double) rounds.size());
        figures.put("rounds.free", (double) free.size());
        figures.put("mlp.nnc2/mlp.nnc1",
                median(free.isEmpty() ? rounds : free, f -> SuiteTable.ratio(f, "mlp.nnc2", "mlp.nnc1")));
    }

    /** The rounds of {@link #mlp}. */
    static final int MLP_ROUNDS = 3;

    /** The mlp is scored per example (@OperationsPerInvocation); bytes per step are this many times. */
    private static final double PER_STEP = MlpProblem.FASHION_BATCH;

    /**
     * At most this many rounds more, each added only when no round so far found both cores
     * free, even and close and the check just made did: this machine's vCPUs sit close or far
     * apart for minutes at a time, and the two-thread target is judged only on rounds where
     * they sat close. One run's first check read 60 ns and every later one 423-494; in
     * another, the check after round 3 read 69 ns, and the one after a full fourth round 446.
     * So an extra round is short, nnc's step on one thread and on two only, about 25 seconds
     * with its check, to fit in a close spell; it adds only those two figures.
     */
    static final int EXTRA_ROUNDS = 4;

    /** How many times each side of the GEMM target at 1024 is measured ({@link #gemm}). */
    static final int GEMM_CHANCES = 3;

    /** Whether {@link #mlp} adds a round after {@code planned} rounds (see {@link #EXTRA_ROUNDS}). */
    static boolean extraRound(boolean anyFree, Cores last, int planned) {
        return !anyFree && planned < MLP_ROUNDS + EXTRA_ROUNDS
                && SuiteTable.coresFree(last.work(), last.even(), last.trip());
    }

    /** The median of the rounds' values, those that have one; null when none has. */
    static Double median(List<Map<String, Double>> rounds, Function<Map<String, Double>, Double> value) {
        List<Double> xs = new ArrayList<>();
        for (Map<String, Double> f : rounds) {
            Double x = value.apply(f);
            if (x != null && !x.isNaN()) {
                xs.add(x);
            }
        }
        if (xs.isEmpty()) {
            return null;
        }
        Collections.sort(xs);
        int n = xs.size();
        return n % 2 == 1 ? xs.get(n / 2) : (xs.get(n / 2 - 1) + xs.get(n / 2)) / 2;
    }

    /**
     * One round: the numpy step ({@link #numpyStep}), the baselines and nnc's forward pass on
     * one thread, then nnc's step on one thread and straight after on two (one JMH run, so the
     * two forks are a few seconds apart).
     */
    private void mlpRound(boolean all, Map<String, Double> figures)
            throws RunnerException, IOException, InterruptedException {
        baselines(all, figures);
        nncSteps(all, figures);
    }

    /** The round's one-thread figures other than nnc's step: the numpy step, the baselines, nnc's forward pass. */
    private void baselines(boolean all, Map<String, Double> figures)
            throws RunnerException, IOException, InterruptedException {
        numpyStep(figures);
        List<String> include = new ArrayList<>();
        if (all) {
            include.add("\\.MlpBenchmark\\.(nncForward|plainLoops|vectorApi)$");
            if (peersBuilt()) {
                include.add("\\.TorchMlpBenchmark\\.pyTorch$");
            }
        } else {
            include.add("\\.MlpBenchmark\\.(nncForward|vectorApi)$");
        }
        for (RunResult r : run(include, 3, 5, all, "1")) {
            switch (method(r)) {
                case "nncForward" -> figures.put("mlp.forward", score(r));
                case "plainLoops" -> figures.put("mlp.plain", score(r));
                case "vectorApi" -> {
                    figures.put("mlp.vector", score(r));
                    if (all) {
                        figures.put("alloc.mlp.vector", bytesPerOp(r) * PER_STEP);
                    }
                }
                case "pyTorch" -> figures.put("mlp.torch", score(r));
                default -> { }
            }
        }
    }

    /** nnc's step on one thread and straight after on two: one JMH run, the forks seconds apart. */
    private void nncSteps(boolean all, Map<String, Double> figures) throws RunnerException {
        for (RunResult r : run(List.of("\\.MlpBenchmark\\.nnc$"), 3, 5, all, "1", "2")) {
            if (r.getParams().getParam("threads").equals("1")) {
                figures.put("mlp.nnc1", score(r));
                if (all) {
                    figures.put("alloc.mlp.nnc", bytesPerOp(r) * PER_STEP);
                }
            } else {
                figures.put("mlp.nnc2", score(r));
            }
        }
    }

    private void compile() throws RunnerException {
        for (RunResult r : run(List.of("\\.CompileBenchmark\\."), 3, 5, false)) {
            figures.put("compile." + r.getParams().getParam("model"), score(r));
        }
    }

    /**
     * The GEMM kernels at every shape; then, for the target against OpenBLAS at 1024, two more
     * chances for both sides, each one after the other: OpenBLAS again at the three square
     * shapes, then the kernel on one thread, each side's figure the best of its three. A
     * process runs at the speed of the vCPU it lands on, and either vCPU of this machine can
     * run vector code at 50-70% of the other's for minutes: two runs with one more chance each
     * read the kernel at 101-104 GFLOP/s on one thread in both (and at 244 on two), 0.57-0.58
     * of OpenBLAS. With three, all of one side's land on the slower vCPU about one time in
     * eight rather than one in four.
     */
    private void gemm() throws RunnerException, IOException, InterruptedException {
        // The plain kernel is GemmBenchmark's own table's business; the suite compares vector and naive.
        gemmFigures(run(List.of("\\.GemmBenchmark\\.(vector|naive)$"), 2, 3, false));
        String[] squares = {"square_nn", "square_tn", "square_nt"};
        ChainedOptionsBuilder again = new OptionsBuilder().parent(cli)
                .include("\\.GemmBenchmark\\.vector$")
                .param("threads", "1")
                .param("shape", Arrays.stream(squares).map(String::toUpperCase).toArray(String[]::new));
        for (int chance = 2; chance <= GEMM_CHANCES; chance++) {
            openBlas(squares);
            gemmFigures(run(again, 2, 3, false));
        }
    }

    private void gemmFigures(Collection<RunResult> results) {
        for (RunResult r : results) {
            GemmShape s = GemmShape.valueOf(r.getParams().getParam("shape"));
            String method = method(r);
            String threads = r.getParams().getParam("threads");
            String suffix = threads == null || threads.equals("1") ? "" : threads;
            // Microseconds per call to GFLOP/s.
            figures.merge("gemm." + s.name() + "." + method + suffix, s.flops() / (score(r) * 1e3), Math::max);
        }
    }

    /**
     * One JMH run of the classes matched by {@code include}, with the suite's short settings
     * unless the command line gave its own.
     */
    private Collection<RunResult> run(List<String> include, int warmups, int measurements, boolean gc)
            throws RunnerException {
        return run(include, warmups, measurements, gc, new String[0]);
    }

    /**
     * {@link #run(List, int, int, boolean)} with the thread parameters ({@code threads},
     * {@code torchThreads}) set to {@code threads}, each value in turn, when any is given.
     */
    private Collection<RunResult> run(List<String> include, int warmups, int measurements, boolean gc,
                                      String... threads) throws RunnerException {
        ChainedOptionsBuilder b = new OptionsBuilder().parent(cli);
        include.forEach(b::include);
        if (threads.length > 0) {
            b.param("threads", threads);
            b.param("torchThreads", threads);
        }
        return run(b, warmups, measurements, gc);
    }

    /** One JMH run of what {@code b} (a child of the command line's options) selects. */
    private Collection<RunResult> run(ChainedOptionsBuilder b, int warmups, int measurements, boolean gc)
            throws RunnerException {
        if (!cli.getForkCount().hasValue()) {
            b.forks(1);
        }
        if (!cli.getWarmupIterations().hasValue()) {
            b.warmupIterations(warmups);
        }
        if (!cli.getWarmupTime().hasValue()) {
            b.warmupTime(TimeValue.seconds(1));
        }
        if (!cli.getMeasurementIterations().hasValue()) {
            b.measurementIterations(measurements);
        }
        if (!cli.getMeasurementTime().hasValue()) {
            b.measurementTime(TimeValue.seconds(1));
        }
        if (gc) {
            b.addProfiler(GCProfiler.class);
        }
        return new Runner(b.build()).run();
    }

    /** numpy's OpenBLAS at GemmShape's shapes, from bench/openblas_sgemm.py's Markdown rows. */
    private void openBlas(String... shapes) throws IOException, InterruptedException {
        Path script = root.resolve("bench/openblas_sgemm.py");
        if (!Files.exists(script) || !numpy()) {
            System.out.println("suite: no python3 with numpy, so no OpenBLAS reference line");
            return;
        }
        System.out.println("suite: OpenBLAS reference (bench/openblas_sgemm.py"
                + (shapes.length == 0 ? "), about a minute" : " " + String.join(" ", shapes) + ")"));
        List<String> command = new ArrayList<>(List.of("python3", script.toString()));
        command.addAll(Arrays.asList(shapes));
        Output out = exec(command);
        System.out.print(out.text);
        Pattern row = Pattern.compile("^\\| (\\w+) \\| \\w\\w \\| [^|]+\\| ([0-9.]+) \\|$", Pattern.MULTILINE);
        Matcher m = row.matcher(out.text);
        while (m.find()) {
            figures.merge("openblas." + m.group(1).toUpperCase(), Double.parseDouble(m.group(2)), Math::max);
        }
    }

    /** Whether python3 with numpy is there: asked once. */
    private boolean numpy() throws IOException, InterruptedException {
        if (numpy == null) {
            numpy = exec(List.of("python3", "-c", "import numpy")).exit == 0;
        }
        return numpy;
    }

    private Boolean numpy;
    /** The directory {@link #numpyStep} reads the problem from, written on first use. */
    private Path numpyProblem;
    /** The plain Java step's first losses on that problem, which the numpy step's must match. */
    private float[] numpyExpected;

    /**
     * The MLP's step in numpy on OpenBLAS, one thread ({@code bench/numpy_mlp_step.py}, issue
     * 6's stretch baseline), on {@code MlpProblem.fashion()}'s batch and initial weights, which
     * it reads from files this writes. Its first five losses must agree with the plain Java
     * baseline's (as the PyTorch peers' must), or its figure is not counted: a wrong step must
     * not be timed. About five seconds.
     */
    private void numpyStep(Map<String, Double> round) throws IOException, InterruptedException {
        Path script = root.resolve("bench/numpy_mlp_step.py");
        if (!Files.exists(script) || !numpy()) {
            System.out.println("suite: no python3 with numpy, so no numpy step");
            return;
        }
        if (numpyProblem == null) {
            MlpProblem problem = MlpProblem.fashion();
            numpyProblem = Files.createTempDirectory("nnc-suite-numpy");
            NumpyProblem.write(problem, MlpStep.LR, numpyProblem);
            MlpStep java = new PlainMlpStep(problem);
            numpyExpected = new float[5];
            for (int i = 0; i < numpyExpected.length; i++) {
                numpyExpected[i] = java.step();
            }
        }
        System.out.println("suite: the numpy step (bench/numpy_mlp_step.py)");
        Output out = exec(List.of("python3", script.toString(), numpyProblem.toString()));
        System.out.print(out.text);
        String disagreement = NumpyProblem.disagreement(out.text, numpyExpected);
        if (out.exit != 0 || disagreement != null) {
            System.out.println("suite: the numpy step's figure is not counted: "
                    + (out.exit != 0 ? "it exited with " + out.exit : disagreement));
            return;
        }
        double rate = NumpyProblem.examplesPerSecond(out.text);
        if (Double.isNaN(rate)) {
            System.out.println("suite: the numpy step printed no examples/s");
            return;
        }
        round.put("mlp.numpy", rate);
    }

    /** The best of five {@code ./nnc check samples/mazur.nn}, after one untimed run that builds the jar if needed. */
    private void coldCheck() throws IOException, InterruptedException {
        List<String> command = List.of(root.resolve("nnc").toString(), "check", "samples/mazur.nn");
        if (!Files.isExecutable(root.resolve("nnc")) || exec(command).exit != 0) {
            System.out.println("suite: ./nnc check samples/mazur.nn did not run from " + root);
            return;
        }
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            exec(command);
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        figures.put("check.cold", best);
    }

    private record Output(int exit, String text) {}

    private Output exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
        StringBuilder text = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                text.append(line).append('\n');
            }
        }
        return new Output(p.waitFor(), text.toString());
    }

    /**
     * What the free-cores check found. {@code work}: the lesser of two ratios of the work two
     * threads do in a second over one thread's, spinning on integer arithmetic and computing
     * the MLP's first-layer product: about 2 when both cores are free, about 1 when another
     * process holds one. {@code even}: in the two-thread product spin, the slower thread's work
     * over the faster's: about 1 when the cores run at one speed. {@code trip}: nanoseconds for
     * a cache line to go from one thread to the other and back.
     */
    record Cores(double work, double even, double trip) {}

    /**
     * Whether both cores are free ({@link Cores}). The product half is the one a two-thread
     * training step depends on: on a virtual machine the second vCPU can be free for integer
     * work while what shares its physical core takes the vector units, caches or memory
     * bandwidth a GEMM needs (measured here: the integer ratio read 1.99 in a run whose
     * two-thread GEMMs gained only 1.28x). And either vCPU can run at 50-70% of the other's
     * speed for minutes (measured pinned with taskset: 80 against 151 GFLOP/s), which the
     * ratios alone miss when the one-thread spin lands on the slower core; the two threads of
     * the product spin, one on each core, show it. Measured in this JVM, between JMH's forks,
     * so nothing of ours runs.
     *
     * <p>And how far apart the two vCPUs are: the round trip of a cache line between two
     * threads, one on each. This virtual machine's two vCPUs sit sometimes close (a round trip
     * of about 70 ns, as between two cores sharing an L3) and sometimes far apart (450-490 ns,
     * as between dies), for minutes at a time, with both free and even either way; a
     * two-thread training step, whose threads exchange every layer's activations and weights,
     * measured 1.69-1.70x one thread's speed when they were close and 1.30-1.38x when far.
     */
    static Cores freeCores() throws InterruptedException {
        spin(1, 300, Suite::integerWork); // warm the loops up first
        double integer = (double) Arrays.stream(spin(2, 1000, Suite::integerWork)).sum()
                / Arrays.stream(spin(1, 1000, Suite::integerWork)).sum();
        spin(1, 300, Suite::productWork);
        long[] two = spin(2, 1000, Suite::productWork);
        double products = (double) Arrays.stream(two).sum() / Arrays.stream(spin(1, 1000, Suite::productWork)).sum();
        double even = (double) Math.min(two[0], two[1]) / Math.max(1, Math.max(two[0], two[1]));
        roundTrip(100);
        double trip = roundTrip(500);
        System.out.printf("suite: two threads did %.2f times one's work spinning on integers, %.2f times"
                + " computing matrix products, the slower of them %.2f of the faster's; a cache line's"
                + " round trip between them took %.0f ns%n", integer, products, even, trip);
        return new Cores(Math.min(integer, products), even, trip);
    }

    /**
     * The mean time, in nanoseconds, for a value written by one thread to be seen by another
     * and answered: two threads passing a counter back and forth for {@code millis}.
     */
    static double roundTrip(long millis) throws InterruptedException {
        AtomicLong ball = new AtomicLong();
        long stop = -1;
        Thread other = new Thread(() -> {
            for (long seen = 1; ; seen += 2) {
                long v;
                while ((v = ball.get()) != seen && v != stop) {
                    Thread.onSpinWait();
                }
                if (v == stop) {
                    return;
                }
                ball.set(seen + 1);
            }
        });
        other.start();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long start = System.nanoTime();
        long trips = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1000; i++) {
                long next = 2 * trips + 1;
                ball.set(next);
                while (ball.get() != next + 1) {
                    Thread.onSpinWait();
                }
                trips++;
            }
        }
        double took = System.nanoTime() - start;
        ball.set(stop);
        other.join();
        return took / trips;
    }

    /** One thread's share of a spin check: rounds of work until {@code end}; returns the rounds. */
    private interface Work {
        long until(long end);
    }

    private static long integerWork(long end) {
        long n = 0;
        long x = 1;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            n++;
        }
        return n + (x == 42 ? 1 : 0);
    }

    private static long productWork(long end) {
        GemmKernel kernel = Gemm.kernel();
        float[] a = new float[128 * 784];
        float[] b = new float[784 * 256];
        float[] c = new float[128 * 256];
        java.util.Arrays.fill(a, 0.5f);
        java.util.Arrays.fill(b, 0.25f);
        long n = 0;
        while (System.nanoTime() < end) {
            kernel.sgemm(false, false, 128, 256, 784, 1f, a, 0, 784, b, 0, 256, 0f, c, 0, 256);
            n++;
        }
        return n + (c[0] == 42 ? 1 : 0);
    }

    /** Each thread's rounds of work in {@code millis}, all threads at once. */
    private static long[] spin(int threads, long millis, Work work) throws InterruptedException {
        long[] done = new long[threads];
        Thread[] ts = new Thread[threads];
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts[t] = new Thread(() -> done[id] = work.until(end));
            ts[t].start();
        }
        for (int t = 0; t < threads; t++) {
            ts[t].join();
        }
        return done;
    }

    private static boolean peersBuilt() {
        try {
            Class.forName("dev.nnc.bench.TorchMlpBenchmark", false, Suite.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static String method(RunResult r) {
        String label = r.getParams().getBenchmark();
        return label.substring(label.lastIndexOf('.') + 1);
    }

    private static double score(RunResult r) {
        return r.getPrimaryResult().getScore();
    }

    /** gc.alloc.rate.norm: bytes per op, as JMH's gc profiler counts them. */
    private static double bytesPerOp(RunResult r) {
        Result<?> norm = r.getSecondaryResults().get("gc.alloc.rate.norm");
        return norm == null ? Double.NaN : norm.getScore();
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux.
        }
        return System.getProperty("os.arch");
    }
}
