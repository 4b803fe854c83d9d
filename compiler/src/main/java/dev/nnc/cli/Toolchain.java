package dev.nnc.cli;

import dev.nnc.front.CheckResult;
import dev.nnc.front.Frontend;
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

    /**
     * Evaluation until the reference interpreter is wired in here; then this becomes
     * {@code (model, feeds) -> Interpreter.run(model, feeds)::value}.
     */
    static final ForwardPass NO_INTERPRETER = (model, feeds) -> {
        throw new UnsupportedOperationException("this build of nnc has no interpreter: 'run' is not available yet");
    };

    public static Toolchain standard() {
        return new Toolchain(Frontend::check, Frontend::literal, NO_INTERPRETER);
    }
}
