package dev.nnc.cli;

import dev.nnc.runtime.Spelling;
import dev.nnc.ir.Model;
import dev.nnc.ir.Node;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The {@code --of NAME} of the commands that differentiate: a named float scalar. */
final class Objective {

    private Objective() {}

    /**
     * The node named {@code name}. A name the program does not have is a command-line mistake
     * (exit 2, with did-you-mean among its scalars); a value that is not a float scalar is
     * reported on {@code err} and gives null (exit 1).
     */
    static Node resolve(CommandLine cmd, Path file, Model model, String name, PrintWriter err) {
        Node f = model.graph().named(name);
        if (f == null) {
            List<String> scalars = new ArrayList<>();
            for (String candidate : model.graph().names().keySet()) {
                if (model.graph().named(candidate).shape().isScalar()) {
                    scalars.add(candidate);
                }
            }
            throw new ParameterException(cmd, "--of " + name + ": " + file + " has no value named '" + name + "'"
                    + Spelling.didYouMean(name, scalars));
        }
        if (!f.shape().isScalar() || !f.dtype().isFloat()) {
            err.println("error: '" + name + "' has type " + f.type() + ", but only a float scalar can be "
                    + "differentiated; reduce it first, for example with sum(...) or mean(...)");
            return null;
        }
        return f;
    }
}
