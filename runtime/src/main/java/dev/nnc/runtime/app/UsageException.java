package dev.nnc.runtime.app;

/**
 * A bad command line: an unknown option, a missing or malformed value, options that do not go
 * together. {@link ModelApp} prints the message after {@code error: }, then a line pointing to
 * the command's help, and exits with status 2.
 */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The command whose help the error points to, or null for the top level. */
    private final String command;

    UsageException(String command, String message) {
        super(message);
        this.command = command;
    }

    String command() {
        return command;
    }
}
