package dev.nnc.runtime.app;

/**
 * A command that cannot do what was asked of this model: an input with no data bound to it, a
 * model with no loss asked to train, a checkpoint directory that belongs to another run.
 * {@link ModelApp} prints the message after {@code error: } and exits with status 1, as it does
 * for a {@link dev.nnc.runtime.data.DataException} or an unusable weights file.
 */
final class CommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CommandException(String message) {
        super(message);
    }
}
