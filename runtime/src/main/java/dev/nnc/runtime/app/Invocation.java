package dev.nnc.runtime.app;

import dev.nnc.runtime.CompiledModel;
import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * What one command runs against: the model, the .nn source it was compiled from, the output
 * streams, how to name the program in messages, whether {@code out} is a terminal (a progress
 * bar, redrawn in place) or not (plain log lines), the clock, and the signal that stops training.
 * Tests build one with a fixed clock and a terminal of their choosing.
 *
 * @param program how the user ran the program, for "Try 'PROGRAM train --help'": {@code java -jar
 *     model.jar} or {@code nnc train FILE}
 * @param nanoTime the clock, as {@link System#nanoTime}
 * @param stop asked to stop by Ctrl-C, or by a test
 */
record Invocation(CompiledModel model, String source, PrintStream out, PrintStream err, String program,
                  boolean terminal, LongSupplier nanoTime, StopSignal stop) {}
