package dev.nnc.cli;

/** The process exit codes, the same for every command. */
final class Exit {
    /** Success. */
    static final int OK = 0;
    /** A mistake in the user's input: diagnostics, or data the program cannot run on. */
    static final int USER_ERROR = 1;
    /** A bad command line: unknown option, missing argument, malformed value. */
    static final int USAGE = 2;
    /** A bug in nnc. */
    static final int INTERNAL = 3;

    private Exit() {}
}
