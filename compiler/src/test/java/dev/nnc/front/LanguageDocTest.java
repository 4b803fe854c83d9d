package dev.nnc.front;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.diag.DiagnosticPrinter;
import dev.nnc.syntax.SourceFile;
import dev.nnc.testing.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every complete program in the docs (a fenced block marked nn) checks without errors. */
class LanguageDocTest {
    private static final Pattern BLOCK = Pattern.compile("```nn\\n(.*?)```", Pattern.DOTALL);

    @TestFactory
    List<DynamicTest> everyNnBlockChecks() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String doc : List.of("docs/language.md", "README.md", "samples/README.md")) {
            var path = Golden.repoFile(doc);
            if (!Files.exists(path)) {
                continue;
            }
            String text = Files.readString(path);
            Matcher m = BLOCK.matcher(text);
            int blocks = 0;
            while (m.find()) {
                blocks++;
                int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 2;
                String program = m.group(1);
                tests.add(DynamicTest.dynamicTest(doc + ":" + line, () -> {
                    CheckResult r = Frontend.check(new SourceFile(doc + ":" + line, program));
                    assertTrue(r.ok(), () -> DiagnosticPrinter.render(r.diagnostics()));
                }));
            }
            if (doc.equals("docs/language.md")) {
                assertTrue(blocks >= 8, "found only " + blocks + " ```nn blocks in docs/language.md");
            }
        }
        assertFalse(tests.isEmpty(), "docs/language.md has no ```nn examples");
        return tests;
    }
}
