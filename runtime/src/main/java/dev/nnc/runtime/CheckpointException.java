package dev.nnc.runtime;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A weights or checkpoint file that cannot be used: truncated, corrupt, not a safetensors
 * file, holding a dtype nnc does not read, or saved by another model. The message names the
 * file and says what is wrong.
 *
 * <p>An {@link IOException} (checked) rather than a runtime exception: a bad file is a
 * condition of the input, like a missing one, and callers that read files already handle
 * {@code IOException}, so a CLI reports both the same way instead of crashing with a stack
 * trace.
 */
public final class CheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public CheckpointException(Path file, String message) {
        super(message);
        this.file = file;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }
}
