package dev.nnc.cli;

import dev.nnc.Nnc;
import dev.nnc.codegen.java.JavaSource;
import dev.nnc.ir.Model;
import dev.nnc.lower.Lowering;
import dev.nnc.program.Program;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nnc emit-java FILE [-o DIR]}: the generated trainer as readable Java source, from the
 * same Program the bytecode comes from: named fields, one method per kernel, each commented
 * with the graph node and source line it computes.
 */
@Command(name = "emit-java",
        description = "Print the generated trainer of a .nn file as Java source (the same program the bytecode runs).",
        footer = {"", "Exit status: 0 on success, 1 for an error in the program or a file that cannot be written, "
                + "2 for a bad command line."})
final class EmitJavaCommand extends ModelCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The .nn file.")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Write the source under DIR, in its package's folders, instead of printing it.")
    Path output;

    EmitJavaCommand(Toolchain tools) {
        super(tools);
    }

    @Override
    Path file() {
        return file;
    }

    @Override
    int run(Model model, PrintWriter out, PrintWriter err) {
        Program program = Nnc.program(model, Lowering.Options.training(Nnc.className(model.name())));
        String source = JavaSource.emit(program);
        if (output == null) {
            out.print(source);
            return Exit.OK;
        }
        Path target = output.resolve(program.packageName().replace('.', '/')).resolve(program.simpleName() + ".java");
        try {
            Files.createDirectories(target.getParent());
            Files.writeString(target, source, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println(target + ": error: cannot write the source: " + e.getMessage());
            return Exit.USER_ERROR;
        }
        out.println("wrote " + target);
        return Exit.OK;
    }
}
