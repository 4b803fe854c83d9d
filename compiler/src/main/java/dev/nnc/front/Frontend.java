package dev.nnc.front;

import dev.nnc.ir.Tensor;
import dev.nnc.ir.TensorType;
import dev.nnc.syntax.SourceFile;
import java.nio.file.Path;

/** The front end's entry points: .nn text in, a checked {@link dev.nnc.ir.Model} or diagnostics out. */
public final class Frontend {

    private Frontend() {}

    /** Reads and checks a file. A missing or non-UTF-8 file is a diagnostic, not an exception. */
    public static CheckResult check(Path file) {
        throw new UnsupportedOperationException("in progress");
    }

    public static CheckResult check(SourceFile file) {
        throw new UnsupportedOperationException("in progress");
    }

    /**
     * Parses a literal typed on the command line ({@code --set x=[0.1, 0.2]}) as a value of
     * {@code type}; symbolic dimensions take the literal's sizes.
     *
     * @throws IllegalArgumentException with a message for the user when it does not parse or fit
     */
    public static Tensor literal(String text, TensorType type) {
        throw new UnsupportedOperationException("in progress");
    }
}
