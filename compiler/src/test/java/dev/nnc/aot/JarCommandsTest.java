package dev.nnc.aot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.cli.Main;
import dev.nnc.cli.Toolchain;
import dev.nnc.testing.JavaProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The jars of nnc compile run as {@code java -jar MODEL.jar COMMAND}, each in a JVM of its own
 * with nothing else on the class path: info for every sample; train, eval and predict on XOR.
 */
class JarCommandsTest {
    private static final List<String> SAMPLES = List.of("mazur.nn", "xor.nn", "fashion_mlp.nn");

    @TempDir
    static Path dir;

    @BeforeAll
    static void compileTheSamples() throws IOException {
        for (String sample : SAMPLES) {
            ModelJarTest.compile(sample).write(dir.resolve(jarName(sample)));
        }
        Files.writeString(dir.resolve("xor.csv"), "a,b,t\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n");
    }

    private static String jarName(String sample) {
        return sample.replace(".nn", ".jar");
    }

    /** {@code java -jar JAR ARGS} in the test's directory. */
    private static JavaProcess.Result run(String jar, String... args) throws Exception {
        String[] command = new String[args.length + 2];
        command[0] = "-jar";
        command[1] = jar;
        System.arraycopy(args, 0, command, 2, args.length);
        return JavaProcess.run(dir, command);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mazur.nn", "xor.nn", "fashion_mlp.nn"})
    void infoPrintsTheSpecAndTheSource(String sample) throws Exception {
        JavaProcess.Result run = run(jarName(sample), "info");
        assertEquals(0, run.code(), run::describe);
        String name = sample.replace(".nn", "");
        assertTrue(run.out().startsWith("model " + name + "\n"), run::describe);
        assertTrue(run.out().contains("\nsource:\n" + Files.readString(ModelJarTest.sample(sample))), run::describe);
        assertEquals("", run.err(), run::describe);
    }

    @Test
    void xorTrainsOnItsDefaultInputsThenEvaluatesAndPredictsWithTheWeightsItWrote() throws Exception {
        JavaProcess.Result train = run("xor.jar", "train", "--weights-out", "xor.safetensors");
        assertEquals(0, train.code(), train::describe);
        assertTrue(train.out().startsWith("trained xor for 2000 steps with sgd(lr = 0.5"), train::describe);
        assertTrue(train.out().contains("wrote weights to xor.safetensors"), train::describe);
        assertTrue(Files.isRegularFile(dir.resolve("xor.safetensors")), train::describe);

        JavaProcess.Result eval = run("xor.jar", "eval", "--data", "xor.csv", "--label", "t", "--weights",
                "xor.safetensors");
        assertEquals(0, eval.code(), eval::describe);
        assertTrue(eval.out().startsWith("evaluated xor on 4 examples\n"), eval::describe);
        assertTrue(eval.out().contains("accuracy 100.00% (4/4)"), eval::describe);

        JavaProcess.Result predict = run("xor.jar", "predict", "--data", "xor.csv", "--label", "t", "--weights",
                "xor.safetensors", "-o", "p.csv");
        assertEquals(0, predict.code(), predict::describe);
        List<String> rows = Files.readAllLines(dir.resolve("p.csv"));
        assertEquals(5, rows.size(), rows::toString);
        assertEquals("p", rows.get(0));
        int[] expected = {0, 1, 1, 0};
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], Double.parseDouble(rows.get(i + 1)) > 0.5 ? 1 : 0, rows::toString);
        }
    }

    @Test
    void theJarTrainsAsNncTrainDoesStepForStep() throws Exception {
        JavaProcess.Result jar = run("mazur.jar", "train", "--steps", "5", "--json");
        assertEquals(0, jar.code(), jar::describe);
        assertEquals(6, jar.out().lines().count(), jar::describe);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[] {"train", ModelJarTest.sample("mazur.nn").toString(), "--steps", "5",
                "--json"}, new PrintWriter(out), new PrintWriter(err), Map.of(), Toolchain.standard());
        assertEquals(0, code, err::toString);
        assertEquals(out.toString(), jar.out());
    }

    @Test
    void onDataNncTrainPrintsWhatTheJarsTrainPrints() throws Exception {
        // Two Gaussian-ish blobs, in a CSV with a class-name label.
        StringBuilder csv = new StringBuilder("u,v,kind\n");
        for (int i = 0; i < 40; i++) {
            double a = (i * 37 % 17) / 17.0;
            double b = (i * 11 % 13) / 13.0;
            csv.append(i % 2 == 0 ? 1 + a : -1 - a).append(',').append(b - 0.5).append(',')
                    .append(i % 2 == 0 ? "right" : "left").append('\n');
        }
        Files.writeString(dir.resolve("blobs.csv"), csv);
        Path model = Files.writeString(dir.resolve("blobs.nn"), """
                model blobs
                input x: [B, 2]
                input y: int[B]
                param W: [2, 2] = glorot_uniform
                param b: [2] = zeros
                output logits = x @ W + b
                loss = mean(cross_entropy(logits, y))
                train {
                  optimizer = sgd(lr = 0.1)
                  batch = 8
                  epochs = 3
                  seed = 5
                }
                """);
        ModelJar.compile(dev.nnc.Nnc.checked(dev.nnc.front.Frontend.check(model)), Files.readAllBytes(model), "test")
                .write(dir.resolve("blobs.jar"));
        String[] options = {"--data", dir.resolve("blobs.csv").toString(), "--label", "kind", "--validation", "0.25",
            "--json", "--log-every", "1"};

        JavaProcess.Result jar = run("blobs.jar", concat(new String[] {"train"}, options));
        assertEquals(0, jar.code(), jar::describe);
        assertTrue(jar.out().contains("\"epoch\": 3, \"train_loss\": "), jar::describe);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(concat(new String[] {"train", model.toString()}, options), new PrintWriter(out),
                new PrintWriter(err), Map.of(), Toolchain.standard());
        assertEquals(0, code, err::toString);
        assertEquals(jar.out(), out.toString());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void exitCodesSayWhatWentWrong() throws Exception {
        JavaProcess.Result unknown = run("xor.jar", "trian");
        assertEquals(2, unknown.code(), unknown::describe);
        assertTrue(unknown.err().contains("unknown command 'trian'"), unknown::describe);

        JavaProcess.Result noWeights = run("xor.jar", "eval", "--data", "xor.csv");
        assertEquals(2, noWeights.code(), noWeights::describe);
        assertTrue(noWeights.err().contains("--weights FILE"), noWeights::describe);

        JavaProcess.Result missing = run("xor.jar", "eval", "--data", "xor.csv", "--label", "t", "--weights",
                "none.safetensors");
        assertEquals(1, missing.code(), missing::describe);
        assertTrue(missing.err().contains("none.safetensors"), missing::describe);

        JavaProcess.Result noData = run("fashion_mlp.jar", "train", "--steps", "1");
        assertEquals(1, noData.code(), noData::describe);
        assertTrue(noData.err().contains("input 'x'"), noData::describe);
        assertTrue(noData.err().contains("--data"), noData::describe);
    }
}
