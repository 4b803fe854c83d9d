package dev.nnc.front;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.diag.DiagnosticPrinter;
import dev.nnc.ir.GraphPrinter;
import dev.nnc.testing.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files: the IR text of every sample, and the rendered diagnostics (message, source
 * line, caret, hints, notes) of programs with mistakes in them.
 */
class GoldenTest {

    @TestFactory
    Stream<DynamicTest> sampleGraphs() throws IOException {
        List<Path> samples = nnFiles(Golden.repoFile("samples"));
        assertFalse(samples.isEmpty());
        return samples.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            CheckResult r = Frontend.check(Path.of("samples").resolve(p.getFileName()).toString(),
                    Files.readAllBytes(p));
            assertTrue(r.ok(), () -> DiagnosticPrinter.render(r.diagnostics()));
            Golden.assertMatches("ir/" + stem(p) + ".ir", GraphPrinter.print(r.model()));
        }));
    }

    @TestFactory
    Stream<DynamicTest> diagnostics() throws IOException {
        List<Path> files = nnFiles(Path.of("src", "test", "resources", "diagnostics"));
        assertFalse(files.isEmpty());
        return files.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            CheckResult r = Frontend.check(p.getFileName().toString(), Files.readAllBytes(p));
            assertFalse(r.ok(), "expected errors in " + p);
            Golden.assertMatches("diagnostics/" + stem(p) + ".txt", DiagnosticPrinter.render(r.diagnostics()));
        }));
    }

    private static List<Path> nnFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".nn")).sorted().toList();
        }
    }

    private static String stem(Path p) {
        String name = p.getFileName().toString();
        return name.substring(0, name.length() - 3);
    }
}
