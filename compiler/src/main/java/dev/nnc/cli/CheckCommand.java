package dev.nnc.cli;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.DiagnosticPrinter;
import dev.nnc.front.CheckResult;
import dev.nnc.ir.GraphPrinter;
import dev.nnc.ir.Model;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nnc check FILE... [--graph]}: parse and check each file. A good file prints a summary
 * of its model (or with {@code --graph} its IR); a bad one prints its diagnostics to stderr.
 * Every file is checked; the exit code is 1 if any failed.
 */
@Command(name = "check",
        description = "Parse and check .nn files; print a summary of each model: inputs, params, "
                + "outputs, loss and training settings.",
        footer = {"", "Exit status: 0 when every file checks, 1 when any has errors, 2 for a bad command line."})
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The .nn files to check.")
    List<Path> files;

    @Option(names = "--graph", description = "Print the graph IR, one node per line, instead of the summary.")
    boolean graph;

    private final Toolchain tools;

    CheckCommand(Toolchain tools) {
        this.tools = tools;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int errors = 0;
        int failedFiles = 0;
        boolean first = true;
        for (Path file : files) {
            CheckResult result = tools.check().apply(file);
            int fileErrors = printDiagnostics(result, err);
            if (fileErrors > 0) {
                errors += fileErrors;
                failedFiles++;
            } else {
                if (!first) {
                    out.println();
                }
                first = false;
                if (graph) {
                    if (files.size() > 1) {
                        out.println(file + ":");
                    }
                    out.print(GraphPrinter.print(result.model()));
                } else {
                    out.print(ModelSummary.render(file.toString(), result.model()));
                }
            }
            // Keep the two streams in step, so a terminal shows each file's lines together.
            out.flush();
            err.flush();
        }
        if (errors > 0) {
            err.println(countLine(errors, failedFiles));
            return Exit.USER_ERROR;
        }
        return Exit.OK;
    }

    /**
     * Checks {@code file} for a command that needs its model: prints the diagnostics, and
     * returns the model, or null when the file has errors (the command then exits 1).
     */
    static Model checked(Toolchain tools, Path file, PrintWriter err) {
        CheckResult result = tools.check().apply(file);
        int errors = printDiagnostics(result, err);
        if (errors > 0) {
            err.println(countLine(errors, 1));
            return null;
        }
        return result.model();
    }

    /**
     * Prints a check's diagnostics (errors and warnings) to {@code err} and returns its number
     * of errors: at least one when the check failed, even if the front end said nothing.
     */
    static int printDiagnostics(CheckResult result, PrintWriter err) {
        List<Diagnostic> diagnostics = result.diagnostics();
        err.print(DiagnosticPrinter.render(diagnostics));
        int errors = (int) diagnostics.stream().filter(Diagnostic::isError).count();
        return result.ok() ? 0 : Math.max(1, errors);
    }

    /** {@code 1 error}, {@code 2 errors}, {@code 5 errors in 2 files}. */
    static String countLine(int errors, int files) {
        String line = errors + (errors == 1 ? " error" : " errors");
        return files > 1 ? line + " in " + files + " files" : line;
    }
}
