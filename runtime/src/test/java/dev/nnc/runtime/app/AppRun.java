package dev.nnc.runtime.app;

import dev.nnc.runtime.CompiledModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One run of the model command line in-process, with what it printed: the way tests call
 * {@link ModelApp}, with a clock that advances a fixed amount per reading (so times and rates
 * print the same every run) and a terminal or not, as the test chooses.
 */
record AppRun(int code, String out, String err) {
    static final String PROGRAM = "java -jar m.jar";

    static AppRun of(CompiledModel model, String... args) {
        return of(model, false, new StopSignal(), args);
    }

    static AppRun of(CompiledModel model, boolean terminal, StopSignal stop, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long[] now = {0};
        Invocation inv = new Invocation(model, "model " + model.name() + "\n", new PrintStream(out, true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), PROGRAM, terminal,
                () -> now[0] += 1_000_000, stop);
        int code = ModelApp.run(inv, List.of(args));
        return new AppRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    List<String> outLines() {
        return out.lines().toList();
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
}
