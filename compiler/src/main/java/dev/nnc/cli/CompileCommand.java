package dev.nnc.cli;

import dev.nnc.aot.ModelJar;
import dev.nnc.ir.Model;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nnc compile FILE [-o JAR]}: compiles a model ahead of time into a jar that needs only
 * a JDK to train, evaluate and predict ({@code java -jar model.jar ...}), and that an
 * application loads with the runtime alone. The layout is {@link ModelJar}'s.
 */
@Command(name = "compile",
        description = "Compile a .nn file into a self-contained jar: 'java -jar model.jar train|eval|predict|info' "
                + "runs it on a bare JDK, and an application loads it with the runtime alone "
                + "(dev.nnc.runtime.app.Models.load). The same file gives the same bytes.",
        footer = {"", "Exit status: 0 on success, 1 for an error in the program or a jar that cannot be written, "
                + "2 for a bad command line."})
final class CompileCommand extends ModelCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The .nn file.")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "JAR",
            description = "The jar to write (default: the file's name with .jar, in the current directory). "
                    + "It is replaced whole, never left half-written.")
    Path output;

    CompileCommand(Toolchain tools) {
        super(tools);
    }

    @Override
    Path file() {
        return file;
    }

    @Override
    int run(Model model, PrintWriter out, PrintWriter err) {
        byte[] source;
        try {
            source = Files.readAllBytes(file);
        } catch (IOException e) {
            err.println(file + ": error: cannot read the file: " + reason(e));
            return Exit.USER_ERROR;
        }
        Path target = output != null ? output : Path.of(stem(file) + ".jar");
        if (Files.isDirectory(target)) {
            err.println(target + ": error: is a directory; give the jar's file name, e.g. -o "
                    + target.resolve(stem(file) + ".jar"));
            return Exit.USER_ERROR;
        }
        ModelJar jar = ModelJar.compile(model, source, Version.number());
        try {
            jar.write(target);
        } catch (IOException e) {
            err.println(target + ": error: cannot write the jar: " + reason(e));
            return Exit.USER_ERROR;
        }
        out.println("wrote " + target + ": model '" + model.name() + "' as " + jar.className() + ", with the runtime");
        out.println("  run it with: java -jar " + target + " info");
        return Exit.OK;
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".nn") ? name.substring(0, name.length() - 3) : name;
    }

    /** Why a file operation failed, without repeating the file's name. */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
