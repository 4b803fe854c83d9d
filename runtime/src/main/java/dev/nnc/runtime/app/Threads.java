package dev.nnc.runtime.app;

import dev.nnc.runtime.gemm.Gemm;

/**
 * {@code --threads N}: how many threads a command's matrix products and long loops may use
 * ({@link Gemm#setThreads}). The default is every available processor, as PyTorch's is, unless
 * the JVM was started with {@code -Dnnc.threads}; the results are the same bits on any number.
 * The command runs with that setting, and the previous one is put back when it ends, so an
 * application that runs a command in-process keeps its own.
 */
final class Threads {
    static final Option OPTION = Option.value("--threads", "N", "Use N threads for matrix products and long loops"
            + " (default: every available processor, here " + processors() + "); results are identical for any N.");

    private Threads() {}

    /** The thread count the arguments ask for, checked against the available processors. */
    static int from(Arguments a) {
        int available = processors();
        int fallback = System.getProperty("nnc.threads") != null ? Gemm.threads() : available;
        int n = a.intValue(OPTION.name(), fallback, 1);
        if (n > available) {
            throw new UsageException(a.command(), "option '--threads' must be at most " + available
                    + " (the available processors), not " + n);
        }
        return n;
    }

    private static int processors() {
        return Runtime.getRuntime().availableProcessors();
    }
}
