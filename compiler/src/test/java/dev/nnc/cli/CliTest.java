package dev.nnc.cli;

import static dev.nnc.cli.CliFixtures.nnc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.cli.CliFixtures.Run;
import dev.nnc.front.CheckResult;
import dev.nnc.ir.GraphPrinter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line in-process, against stand-ins for the front end and the interpreter. */
class CliTest {

    private static final Toolchain TOOLS = CliFixtures.tools(Map.of(
            "tiny.nn", CliFixtures.ok(CliFixtures.tiny()),
            "batched.nn", CliFixtures.ok(CliFixtures.batched()),
            "second.nn", CliFixtures.ok(CliFixtures.withGrad()),
            "broken.nn", CliFixtures.broken()));

    private static void assertNoStackTrace(Run run) {
        assertFalse(run.err().contains("\tat "), () -> "stack trace in:\n" + run.err());
        assertFalse(run.out().contains("\tat "), () -> "stack trace in:\n" + run.out());
    }

    // ---- help, version, usage errors ----

    @Test
    void helpListsTheCommands() {
        Run run = nnc(TOOLS, "--help");
        assertEquals(0, run.code());
        assertTrue(run.out().startsWith("Usage: nnc [-hV] [--debug] COMMAND"), run.out());
        assertTrue(run.out().contains("  check "), run.out());
        assertTrue(run.out().contains("  run "), run.out());
        assertEquals("", run.err());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("check", "run")) {
            for (String flag : List.of("--help", "-h")) {
                Run run = nnc(TOOLS, command, flag);
                assertEquals(0, run.code());
                assertTrue(run.out().startsWith("Usage: nnc " + command), run.out());
            }
            Run help = nnc(TOOLS, "help", command);
            assertEquals(0, help.code());
            assertTrue(help.out().startsWith("Usage: nnc " + command), help.out());
        }
        assertTrue(nnc(TOOLS, "run", "--help").out().contains("--set=NAME=LITERAL"));
        assertTrue(nnc(TOOLS, "check", "--help").out().contains("--graph"));
    }

    @Test
    void versionNamesNncAndTheJvm() {
        for (String flag : List.of("--version", "-V")) {
            Run run = nnc(TOOLS, flag);
            assertEquals(0, run.code());
            assertTrue(run.out().startsWith("nnc "), run.out());
            assertFalse(run.out().startsWith("nnc unknown"), "version.properties is filtered by Maven");
            assertTrue(run.out().contains("JVM " + System.getProperty("java.version")), run.out());
        }
    }

    @Test
    void noCommandIsAUsageError() {
        Run run = nnc(TOOLS);
        assertEquals(2, run.code());
        assertEquals("nnc: error: missing command\nTry 'nnc --help' for more information.\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void unknownCommandSuggestsTheNearestOne() {
        Run run = nnc(TOOLS, "chek", "tiny.nn");
        assertEquals(2, run.code());
        assertEquals("nnc: error: unknown command 'chek'; did you mean 'check'?\n"
                + "Try 'nnc --help' for more information.\n", run.err());
        assertTrue(nnc(TOOLS, "rnu").err().startsWith("nnc: error: unknown command 'rnu'; did you mean 'run'?\n"));
        assertTrue(nnc(TOOLS, "frobnicate").err().startsWith("nnc: error: unknown command 'frobnicate'\n"));
    }

    @Test
    void unknownOptionIsAUsageError() {
        Run run = nnc(TOOLS, "check", "--grpah", "tiny.nn");
        assertEquals(2, run.code());
        assertTrue(run.err().startsWith("nnc check: error: Unknown option: '--grpah'\n"), run.err());
        assertTrue(run.err().contains("--graph"), "suggests the real option: " + run.err());
        assertTrue(run.err().endsWith("Try 'nnc check --help' for more information.\n"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void missingFileArgumentIsAUsageError() {
        Run check = nnc(TOOLS, "check");
        assertEquals(2, check.code());
        assertTrue(check.err().startsWith("nnc check: error: Missing required parameter: 'FILE'"), check.err());
        Run run = nnc(TOOLS, "run");
        assertEquals(2, run.code());
        assertTrue(run.err().startsWith("nnc run: error: Missing required parameter: 'FILE'"), run.err());
    }

    @Test
    void runTakesOneFile() {
        Run run = nnc(TOOLS, "run", "tiny.nn", "other.nn");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("Unmatched argument"), run.err());
    }

    // ---- check ----

    @Test
    void checkPrintsASummary() {
        Run run = nnc(TOOLS, "check", "tiny.nn");
        assertEquals(0, run.code(), run.err());
        assertEquals("""
                tiny.nn: model tiny, dtype f64
                  input   x     [2]     default [0.05, 0.1]
                  param   W     [2]  2  ones
                  output  o     [2]
                  loss    loss  []
                  2 parameters in 1 tensor
                  train   sgd(lr = 0.5, momentum = 0.0, nesterov = false, weight_decay = 0.0), batch 32, epochs 1, seed 0
                """, run.out());
        assertEquals("", run.err());
    }

    @Test
    void checkSummaryOfABatchedModelWithoutLoss() {
        Run run = nnc(TOOLS, "check", "batched.nn");
        assertEquals(0, run.code(), run.err());
        assertEquals("""
                batched.nn: model batched, dtype f32
                  input  x  [B, 3]
                  input  y  int[B]
                  param  W  [3, 4]  12  he_uniform
                  no loss: the model can be run but not trained
                  12 parameters in 1 tensor
                  train  sgd(lr = 0.01, momentum = 0.0, nesterov = false, weight_decay = 0.0), batch 32, epochs 1, seed 0
                """, run.out());
    }

    @Test
    void checkGraphPrintsTheIr() {
        Run run = nnc(TOOLS, "check", "--graph", "tiny.nn");
        assertEquals(0, run.code(), run.err());
        assertEquals(GraphPrinter.print(CliFixtures.tiny()), run.out());
    }

    @Test
    void checkGraphOfSeveralFilesNamesEach() {
        Run run = nnc(TOOLS, "check", "tiny.nn", "--graph", "batched.nn");
        assertEquals(0, run.code(), run.err());
        assertEquals("tiny.nn:\n" + GraphPrinter.print(CliFixtures.tiny())
                + "\nbatched.nn:\n" + GraphPrinter.print(CliFixtures.batched()), run.out());
    }

    @Test
    void checkFailurePrintsDiagnosticsAndACount() {
        Run run = nnc(TOOLS, "check", "broken.nn");
        assertEquals(1, run.code());
        assertEquals("", run.out());
        assertEquals("""
                broken.nn:1:5: error: unknown function 'sigmod'
                    1 | h = sigmod(x)
                      |     ^^^^^^
                      = hint: did you mean 'sigmoid'?
                broken.nn:2:12: error: unknown name 'W'
                    2 | loss = h @ W
                      |            ^
                2 errors
                """, run.err());
    }

    @Test
    void checkGoesOnPastAFailureAndCountsFiles() {
        Run run = nnc(TOOLS, "check", "broken.nn", "tiny.nn", "missing.nn");
        assertEquals(1, run.code());
        assertTrue(run.out().startsWith("tiny.nn: model tiny, dtype f64\n"), run.out());
        assertTrue(run.err().contains("missing.nn: error: cannot read file: no such file\n"), run.err());
        assertTrue(run.err().endsWith("\n3 errors in 2 files\n"), run.err());
    }

    @Test
    void oneErrorIsSingular() {
        Run run = nnc(TOOLS, "check", "missing.nn");
        assertEquals(1, run.code());
        assertEquals("missing.nn: error: cannot read file: no such file\n1 error\n", run.err());
    }

    @Test
    void aFailedCheckWithoutDiagnosticsStillFails() {
        Toolchain tools = CliFixtures.tools(Map.of("odd.nn", new CheckResult(null, List.of())));
        Run run = nnc(tools, "check", "odd.nn");
        assertEquals(1, run.code());
        assertEquals("1 error\n", run.err());
    }

    @Test
    void severalGoodFilesAreSeparatedByABlankLine() {
        Run run = nnc(TOOLS, "check", "tiny.nn", "batched.nn");
        assertEquals(0, run.code());
        assertTrue(run.out().contains("seed 0\n\nbatched.nn: model batched"), run.out());
    }

    // ---- run ----

    @Test
    void runPrintsEveryNamedValueInSourceOrder() {
        Run run = nnc(TOOLS, "run", "tiny.nn");
        assertEquals(0, run.code(), run.err());
        assertEquals("""
                x = [0.05, 0.1]  # [2]
                W = [1.0, 1.0]  # [2]
                b = 0.5
                h = [0.55, 0.6]  # [2]
                o = [0.55, 0.6]  # [2]
                loss = 1.15
                """, run.out());
        assertEquals("", run.err());
    }

    @Test
    void setReplacesInputsAndParams() {
        Run run = nnc(TOOLS, "run", "tiny.nn", "--set", "x=[1, 2]", "--set", "W=3");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith("x = [1.0, 2.0]  # [2]\nW = [3.0, 3.0]  # [2]\n"), run.out());
        assertTrue(run.out().endsWith("loss = 10.0\n"), run.out());
    }

    @Test
    void setAnUnknownNameSuggestsOne() {
        Run run = nnc(TOOLS, "run", "tiny.nn", "--set", "w=1");
        assertEquals(2, run.code());
        assertEquals("nnc run: error: --set w: tiny.nn has no input or param named 'w'; did you mean 'W'?\n"
                + "Try 'nnc run --help' for more information.\n", run.err());
        assertEquals("", run.out());
        Run far = nnc(TOOLS, "run", "tiny.nn", "--set", "zzz=1");
        assertEquals(2, far.code());
        assertTrue(far.err().startsWith("nnc run: error: --set zzz: tiny.nn has no input or param named 'zzz'\n"), far.err());
    }

    @Test
    void setAComputedValueOrAConstIsAUsageError() {
        for (String name : List.of("h", "b")) {
            Run run = nnc(TOOLS, "run", "tiny.nn", "--set", name + "=1");
            assertEquals(2, run.code());
            assertTrue(run.err().startsWith("nnc run: error: --set " + name + ": '" + name
                    + "' is computed, not an input or a param; only inputs and params can be set\n"), run.err());
        }
    }

    @Test
    void setWithoutEqualsOrTwiceOrWithABadLiteralIsAUsageError() {
        Run noEquals = nnc(TOOLS, "run", "tiny.nn", "--set", "x");
        assertEquals(2, noEquals.code());
        assertTrue(noEquals.err().startsWith("nnc run: error: --set expects NAME=LITERAL, got 'x'\n"), noEquals.err());

        Run twice = nnc(TOOLS, "run", "tiny.nn", "--set", "x=1", "--set", "x=2");
        assertEquals(2, twice.code());
        assertTrue(twice.err().startsWith("nnc run: error: --set x: 'x' is set twice\n"), twice.err());

        Run badLiteral = nnc(TOOLS, "run", "tiny.nn", "--set", "x=[1, 2, 3]");
        assertEquals(2, badLiteral.code());
        assertTrue(badLiteral.err().startsWith("nnc run: error: --set x: expected 2 values for [2], got 3\n"),
                badLiteral.err());
    }

    @Test
    void runOfABrokenFilePrintsDiagnostics() {
        Run run = nnc(TOOLS, "run", "broken.nn");
        assertEquals(1, run.code());
        assertTrue(run.err().startsWith("broken.nn:1:5: error: unknown function 'sigmod'\n"), run.err());
        assertTrue(run.err().endsWith("\n2 errors\n"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void runNamesEveryInputThatHasNoValue() {
        Run run = nnc(TOOLS, "run", "batched.nn");
        assertEquals(1, run.code());
        assertEquals("error: input 'x' has no default value; give it one with --set x=LITERAL\n"
                + "error: input 'y' has no default value; give it one with --set y=LITERAL\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void runWithSymbolicDimensionsAndIntegerLabels() {
        Run run = nnc(TOOLS, "run", "batched.nn", "--set", "x=[[1, 2, 3], [4, 5, 6]]", "--set", "y=[0, 2]");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith("x = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]  # [2, 3]\n"), run.out());
        assertTrue(run.out().contains("y = [0, 2]  # int[2]\n"), run.out());
    }

    @Test
    void runExpandsGradIntoItsDerivative() {
        Run run = nnc(TOOLS, "run", "second.nn");
        assertEquals(0, run.code(), run.err());
        assertEquals("x = 0.5\ndy = 1.0\n", run.out(), "d x / d x is 1");
    }

    @Test
    void theInterpretersDataErrorsExitOne() {
        Run run = nnc(TOOLS, "run", "batched.nn", "--set", "x=[1, 2, 3]", "--set", "y=[0]");
        assertEquals(1, run.code());
        assertEquals("error: input 'x' expects shape [B, 3], got [3]\n", run.err());
        Run symbols = nnc(TOOLS, "run", "batched.nn", "--set", "x=[[1, 2, 3]]", "--set", "y=[0, 1]");
        assertEquals(1, symbols.code());
        assertTrue(symbols.err().startsWith("error: symbol B is 1 in 'x' but 2 in 'y'"), symbols.err());
    }

    @Test
    void aDataErrorFromTheForwardPassExitsOne() {
        Toolchain tools = new Toolchain(TOOLS.check(), TOOLS.literal(), (model, feeds) -> {
            throw new IllegalArgumentException("input 'x' has shape [3], expected [2]");
        });
        Run run = nnc(tools, "run", "tiny.nn");
        assertEquals(1, run.code());
        assertEquals("error: input 'x' has shape [3], expected [2]\n", run.err());
    }

    // ---- internal errors ----

    private static Toolchain crashing(RuntimeException e) {
        return new Toolchain(path -> {
            throw e;
        }, TOOLS.literal(), TOOLS.forward());
    }

    @Test
    void anInternalErrorAsksForAReportWithoutAStackTrace() {
        Run run = nnc(crashing(new IllegalStateException("node 7 has no type")), "check", "tiny.nn");
        assertEquals(3, run.code());
        assertTrue(run.err().startsWith("internal error: java.lang.IllegalStateException: node 7 has no type\n"
                + "This is a bug in nnc "), run.err());
        assertTrue(run.err().contains("Please report it"), run.err());
        assertTrue(run.err().contains("--debug"), run.err());
        assertNoStackTrace(run);
    }

    @Test
    void debugShowsTheStackTrace() {
        Toolchain tools = crashing(new IllegalStateException("boom"));
        Run flag = nnc(tools, "check", "--debug", "tiny.nn");
        assertEquals(3, flag.code());
        assertTrue(flag.err().contains("\tat dev.nnc.cli."), flag.err());
        Run before = nnc(tools, "--debug", "check", "tiny.nn");
        assertTrue(before.err().contains("\tat dev.nnc.cli."), before.err());
        Run env = nnc(tools, Map.of("NNC_DEBUG", "1"), "check", "tiny.nn");
        assertEquals(3, env.code());
        assertTrue(env.err().contains("\tat dev.nnc.cli."), env.err());
    }

    @Test
    void anErrorThatIsNotAnExceptionIsStillAnInternalError() {
        Toolchain tools = new Toolchain(path -> {
            throw new StackOverflowError();
        }, TOOLS.literal(), TOOLS.forward());
        Run run = nnc(tools, "check", "tiny.nn");
        assertEquals(3, run.code());
        assertTrue(run.err().startsWith("internal error: java.lang.StackOverflowError\n"), run.err());
        assertNoStackTrace(run);
    }

    @Test
    void pathsReachTheFrontEndAsTyped() {
        Path[] seen = new Path[1];
        Toolchain tools = new Toolchain(path -> {
            seen[0] = path;
            return CliFixtures.ok(CliFixtures.tiny());
        }, TOOLS.literal(), TOOLS.forward());
        assertEquals(0, nnc(tools, "check", "dir/../a b.nn").code());
        assertEquals(Path.of("dir/../a b.nn"), seen[0]);
    }
}
