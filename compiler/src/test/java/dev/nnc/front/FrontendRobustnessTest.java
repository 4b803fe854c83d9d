package dev.nnc.front;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.DiagnosticPrinter;
import dev.nnc.syntax.SourceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever the text, the front end ends in a checked model or in diagnostics with valid spans:
 * never an uncaught exception, a hang or a stack overflow.
 */
class FrontendRobustnessTest {

    private static final List<String> TOKENS = List.of(
            "model", "dtype", "input", "param", "const", "fn", "output", "train", "true", "false",
            "x", "y", "W", "b", "h", "loss", "B", "int", "f32", "f64", "sum", "mean", "relu", "sigmoid",
            "grad", "reshape", "softmax", "cross_entropy", "he_uniform", "zeros", "sgd", "adam", "axis",
            "0", "1", "2", "0.5", "1e-3", "784", "(", ")", "[", "]", "{", "}", ",", ":", "=", "+", "-",
            "*", "/", "^", "@", "#", "\n", "\n", "\n", " ", " ", "$", "\t", "é", "\"");

    @Provide
    Arbitrary<String> tokenSoup() {
        return Arbitraries.of(TOKENS).list().ofMinSize(0).ofMaxSize(80)
                .map(tokens -> String.join(" ", tokens));
    }

    @Property(tries = 3000)
    void randomTokenSequences(@ForAll("tokenSoup") String text) {
        survives(text);
    }

    @Property(tries = 2000)
    void randomMutationsOfSamples(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int seed) {
        List<String> samples = samples();
        Random random = new Random(seed);
        String text = samples.get(random.nextInt(samples.size()));
        StringBuilder sb = new StringBuilder(text);
        int edits = 1 + random.nextInt(6);
        for (int i = 0; i < edits && sb.length() > 0; i++) {
            int at = random.nextInt(sb.length());
            switch (random.nextInt(4)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, TOKENS.get(random.nextInt(TOKENS.size())));
                case 2 -> {
                    int len = Math.min(sb.length() - at, 1 + random.nextInt(12));
                    sb.delete(at, at + len);
                }
                default -> {
                    int other = random.nextInt(sb.length());
                    char c = sb.charAt(at);
                    sb.setCharAt(at, sb.charAt(other));
                    sb.setCharAt(other, c);
                }
            }
        }
        survives(sb.toString());
    }

    @Property(tries = 50)
    void deepNesting(@ForAll @IntRange(min = 1, max = 20000) int depth) {
        String[] shapes = {"(", "[", "-", "sigmoid(", "x + "};
        String open = shapes[depth % shapes.length];
        survives("input x: []\ny = " + open.repeat(depth) + "x\n");
    }

    @Property(tries = 20)
    void longChains(@ForAll @IntRange(min = 1, max = 5000) int length) {
        survives("input x: [2]\ny = x" + " + x".repeat(length) + "\nloss = sum(y)\n");
    }

    private static void survives(String text) {
        SourceFile file = new SourceFile("fuzz.nn", text);
        CheckResult result = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Frontend.check(file),
                () -> "hangs on:\n" + text);
        assertTrue(result.ok() || result.diagnostics().stream().anyMatch(Diagnostic::isError),
                "neither a model nor an error for:\n" + text);
        for (Diagnostic d : result.diagnostics()) {
            if (d.span() != null) {
                assertTrue(d.span().offset() >= 0 && d.span().end() <= text.length(),
                        "span outside the file: " + d + "\n" + text);
            }
        }
        // Rendering must not fail either: it is what the user sees.
        DiagnosticPrinter.render(result.diagnostics());
    }

    private static List<String> samples;

    private static synchronized List<String> samples() {
        if (samples == null) {
            List<String> texts = new ArrayList<>();
            Path dir = Path.of("..", "samples");
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.filter(p -> p.toString().endsWith(".nn")).sorted().toList()) {
                    texts.add(Files.readString(p));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (texts.isEmpty()) {
                throw new IllegalStateException("no samples in " + dir.toAbsolutePath());
            }
            samples = texts;
        }
        return samples;
    }
}
