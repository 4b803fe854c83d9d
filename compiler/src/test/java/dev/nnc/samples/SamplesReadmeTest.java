package dev.nnc.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nnc.lower.TestPrograms;
import dev.nnc.testing.JavaProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * samples/README.md's commands work as the page gives them: each {@code sh} block, in page
 * order, runs in bash in one fresh directory that holds a copy of {@code samples} and an
 * {@code ./nnc} running the command line from the test class path, so no Maven build happens
 * here. A block stops at its first failing command ({@code set -e -o pipefail}), which fails
 * its test with everything it printed. Blocks marked {@code sh slow} are skipped, and so are
 * those that need Fashion-MNIST when it is not installed.
 */
class SamplesReadmeTest {
    private static final Path README = TestPrograms.root().resolve("samples/README.md");
    private static final String FASHION = "/usr/share/datasets/fashion-mnist";
    private static final long TIMEOUT_SECONDS = 300;

    @TempDir
    static Path dir;

    @TestFactory
    Stream<DynamicTest> everyCommandSucceeds() throws IOException {
        copy(TestPrograms.root().resolve("samples"), dir.resolve("samples"));
        Path nnc = dir.resolve("nnc");
        Files.writeString(nnc, "#!/bin/sh\nexec '" + JavaProcess.java() + "' -cp '" + System.getProperty("java.class.path")
                + "' dev.nnc.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(nnc, PosixFilePermissions.fromString("rwxr-xr-x"));

        List<DynamicTest> tests = new ArrayList<>();
        for (ReadmeCommands.Block block : ReadmeCommands.blocks(Files.readString(README))) {
            String name = "line " + block.line() + ": " + block.commands().get(0).text();
            tests.add(DynamicTest.dynamicTest(name, () -> {
                assumeTrue(!block.slow(), "marked slow");
                assumeTrue(!block.script().contains(FASHION) || Files.isDirectory(Path.of(FASHION)),
                        "Fashion-MNIST is not installed");
                run(block);
            }));
        }
        return tests.stream();
    }

    /** The sources of a directory tree, without build output. */
    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(f -> !from.relativize(f).toString().startsWith("target")).toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    private static void run(ReadmeCommands.Block block) throws IOException, InterruptedException {
        Path log = Files.createTempFile("nnc-readme", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", "-e", "-o", "pipefail", "-c", block.script())
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            // `java` in the page's commands is the JDK running the tests.
            Map<String, String> env = pb.environment();
            env.put("PATH", Path.of(JavaProcess.java()).getParent() + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
            Process p = pb.start();
            p.getOutputStream().close();
            boolean done = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly().waitFor();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(done, "timed out after " + TIMEOUT_SECONDS + " s:\n" + block.script() + "\n--- output ---\n" + output);
            assertEquals(0, p.exitValue(), "failed:\n" + block.script() + "\n--- output ---\n" + output);
            List<String> missing = missing(block.output(), output);
            assertTrue(missing.isEmpty(), "the page says these commands print\n" + String.join("\n", missing)
                    + "\n--- but they printed ---\n" + output);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * The page's lines that the output lacks. Lines are compared with times and rates blanked
     * out ("in 0.9 s", "886 ms", "37,258 steps/s"), in any order, since standard output and
     * standard error interleave as they please; {@code ...} lines are skipped, and a line
     * ending in {@code ...} need only begin a printed line.
     */
    static List<String> missing(List<String> expected, String printed) {
        List<String> lines = printed.lines().map(SamplesReadmeTest::withoutTimes).toList();
        List<String> missing = new ArrayList<>();
        for (String e : expected) {
            String want = withoutTimes(e);
            if (want.isBlank() || want.strip().equals("...")) {
                continue;
            }
            boolean found = want.endsWith("...")
                    ? lines.stream().anyMatch(l -> l.startsWith(want.substring(0, want.length() - 3)))
                    : lines.contains(want);
            if (!found) {
                missing.add(e);
            }
        }
        return missing;
    }

    private static String withoutTimes(String line) {
        return line.stripTrailing().replaceAll("\\d[\\d,.]*( ms\\b| s\\b| steps/s| examples/s)", "<time>");
    }

    @Test
    void outputIsComparedWithoutTimesAndWithShortenedLines() {
        String printed = "compiled samples/xor.nn in 622 ms\n  trained in 0.070 s (28,768 steps/s)\nclass,logits_0,logits_1\n";
        assertEquals(List.of(), missing(List.of("  trained in 0.054 s (37,258 steps/s)", "...",
                "compiled samples/xor.nn in 886 ms", "class,logits_0..."), printed));
        assertEquals(List.of("accuracy 98.00% (147/150)"), missing(List.of("accuracy 98.00% (147/150)"), printed));
    }

    @Test
    void thePageShowsEverySampleAndOnlyTheFullFashionRunIsSlow() throws IOException {
        String page = Files.readString(README);
        List<ReadmeCommands.Block> blocks = ReadmeCommands.blocks(page);
        try (Stream<Path> files = Files.list(TestPrograms.root().resolve("samples"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".nn")).toList()) {
                String name = f.getFileName().toString();
                assertTrue(page.contains("\n## " + name + "\n"), "no section for " + name);
                assertTrue(blocks.stream().anyMatch(b -> b.script().contains("samples/" + name)
                        || b.script().contains("samples/*.nn")), "no command for " + name);
            }
        }
        List<ReadmeCommands.Block> slow = blocks.stream().filter(ReadmeCommands.Block::slow).toList();
        assertEquals(1, slow.size());
        assertTrue(slow.get(0).script().contains("--epochs 10"), slow.get(0).script());
        for (ReadmeCommands.Block b : blocks) {
            for (ReadmeCommands.Command c : b.commands()) {
                assertFalse(c.text().contains("/work/") || c.text().contains("/tmp/"), "a path of this machine: " + c);
            }
        }
    }

    @Test
    void blocksAndContinuationLinesAreReadAsAShellWould() {
        String page = String.join("\n",
                "text", "```sh", "# a comment", "./nnc check a.nn   # trailing", "", "./nnc train a.nn \\",
                "    --epochs 2", "```", "```text", "its output", "```", "```sh slow", "D=/x", "run $D", "```", "");
        List<ReadmeCommands.Block> blocks = ReadmeCommands.blocks(page);
        assertEquals(2, blocks.size());
        assertEquals(List.of("./nnc check a.nn   # trailing", "./nnc train a.nn --epochs 2"),
                blocks.get(0).commands().stream().map(ReadmeCommands.Command::text).toList());
        assertEquals(4, blocks.get(0).commands().get(0).line());
        assertEquals(6, blocks.get(0).commands().get(1).line());
        assertFalse(blocks.get(0).slow());
        assertTrue(blocks.get(1).slow());
        assertEquals("D=/x\nrun $D\n", blocks.get(1).script());
        assertEquals(List.of("its output"), blocks.get(0).output());
    }

    @Test
    void theTextBlockAfterAnShBlockIsItsOutputUnlessUnchecked() {
        String page = String.join("\n",
                "```sh", "a", "```", "prose", "```text", "printed by a", "...", "```", "```text", "a file", "```",
                "```sh", "b", "```", "```text unchecked", "not b's", "```",
                "```sh", "c", "```", "```sh", "d", "```", "```text", "printed by d", "```", "");
        List<ReadmeCommands.Block> blocks = ReadmeCommands.blocks(page);
        assertEquals(List.of(List.of("printed by a", "..."), List.of(), List.of(), List.of("printed by d")),
                blocks.stream().map(ReadmeCommands.Block::output).toList());
    }
}
