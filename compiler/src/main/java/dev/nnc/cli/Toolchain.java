package dev.nnc.cli;

import dev.nnc.front.CheckResult;
import dev.nnc.front.Frontend;
import dev.nnc.interp.Interpreter;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.TensorType;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The compiler stages the commands call, gathered in one value so that a test can stand in for
 * any of them, and so that moving {@code run} from the interpreter to compiled code is a change
 * in one place.
 *
 * @param check reads and checks a file ({@link Frontend#check(Path)})
 * @param literal parses a value typed on the command line ({@link Frontend#literal})
 * @param forward evaluates a checked model
 */
public record Toolchain(Function<Path, CheckResult> check, BiFunction<String, TensorType, Tensor> literal,
        ForwardPass forward) {

    /** The real stages: the front end, and the reference interpreter for the forward pass. */
    public static Toolchain standard() {
        return new Toolchain(Frontend::check, Frontend::literal,
                (model, feeds) -> Interpreter.run(model, feeds)::value);
    }
}
