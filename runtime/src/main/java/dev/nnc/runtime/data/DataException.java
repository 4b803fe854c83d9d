package dev.nnc.runtime.data;

/**
 * A problem with a user's data: a missing or unreadable file, a file in the wrong format,
 * a cell that is not a number, data that does not fit the model. The message is complete on
 * its own (it names the file, and the row and column where there is one), so the command
 * line prints it without a stack trace.
 *
 * <p>Unchecked on purpose: a data error is reported once, at the top, and a checked
 * exception would have to be declared through the training loop and generated code that
 * can do nothing with it.
 */
public class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
