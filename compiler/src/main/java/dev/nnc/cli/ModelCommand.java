package dev.nnc.cli;

import dev.nnc.ir.Model;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command on one {@code .nn} file: the file is checked first, its diagnostics printed, and
 * a program with errors ends the command with {@link Exit#USER_ERROR}; otherwise the command
 * runs on the checked model.
 */
abstract class ModelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    final Toolchain tools;

    ModelCommand(Toolchain tools) {
        this.tools = tools;
    }

    /** The {@code .nn} file, the command's FILE parameter. */
    abstract Path file();

    /** The command on a model that checked without errors; returns the exit status. */
    abstract int run(Model model, PrintWriter out, PrintWriter err) throws Exception;

    @Override
    public final Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Model model = CheckCommand.checked(tools, file(), err);
        if (model == null) {
            return Exit.USER_ERROR;
        }
        return run(model, out, err);
    }
}
