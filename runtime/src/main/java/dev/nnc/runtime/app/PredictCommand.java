package dev.nnc.runtime.app;

import dev.nnc.runtime.AtomicFile;
import dev.nnc.runtime.CompiledModel;
import dev.nnc.runtime.TensorSpec;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code predict}: loads weights and writes the model's outputs for every example as CSV.
 */
final class PredictCommand {
    static final Option OUTPUT = Option.value("--output", "FILE", "Write the CSV to FILE (atomically) instead of"
            + " standard output.").alias("-o");

    static final Command COMMAND = new Command("predict", "Write the model's outputs for each example of a data set"
            + " as CSV.", "--data NAME=FILE|FILE... --weights FILE [-o FILE] [OPTIONS]",
            List.of(DataOptions.DATA, EvalCommand.WEIGHTS, OUTPUT, DataOptions.FEATURES, DataOptions.LABEL,
                    DataOptions.SCALE, DataOptions.LIMIT, DataOptions.BATCH, Threads.OPTION),
            """
            Labels are not needed. A CSV file's columns are all features unless --features chooses them;
            give --label COL to leave out a label column (its class names then name the classes when
            the weights file records none).

            The CSV has a header and one row per example, in the data's order. For a classifier (a
            [B, C] output compared with int labels) the first column, "class", is the predicted class:
            its name when training read class names, else its index. Then every output batched along
            the batch axis, one column per value: "NAME" for one value an example, "NAME_0", "NAME_1",
            ... (row-major) for more. Values are written as Java writes a float or double.""",
            PredictCommand::run);

    private PredictCommand() {}

    static int run(Invocation inv, Arguments a) throws IOException {
        CompiledModel model = inv.model();
        if (!a.has(DataOptions.DATA.name())) {
            throw new UsageException(a.command(), "predict needs data: --data NAME=FILE or --data FILE");
        }
        Path weights = TrainCommand.path(a, EvalCommand.WEIGHTS);
        if (weights == null) {
            throw new UsageException(a.command(), "predict needs the weights to predict with: --weights FILE");
        }
        String output = a.value(OUTPUT.name());
        Path file = output == null || output.equals("-") ? null : TrainCommand.path(a, OUTPUT);
        int batch = DataOptions.batch(a, model.spec());
        if (a.has(DataOptions.LIMIT.name())) {
            a.intValue(DataOptions.LIMIT.name(), 0, 1);
        }
        DataOptions.scale(a, 1);
        DataLayout layout = DataLayout.of(model.spec());
        Preprocessing prep = WeightsFile.load(model, weights);
        Examples data = EvalCommand.load(a, layout, prep, false);
        List<String> classNames = !prep.classNames().isEmpty() ? prep.classNames() : data.classNames();

        Table table = new Table(model, layout, data, batch, classNames);
        if (file == null) {
            Writer w = new java.io.OutputStreamWriter(inv.out(), StandardCharsets.UTF_8);
            table.write(w);
            w.flush();
        } else {
            AtomicFile.write(file, channel -> {
                Writer w = Channels.newWriter(channel, StandardCharsets.UTF_8);
                table.write(w);
                w.flush(); // not close: AtomicFile forces and closes the channel
            });
            inv.out().println(String.format(Locale.ROOT, "wrote %,d predictions to %s", data.size(), file));
        }
        inv.out().flush();
        return ModelApp.OK;
    }

    /** The predictions, written batch by batch as they are computed. */
    private record Table(CompiledModel model, DataLayout layout, Examples data, int batch, List<String> classNames) {

        void write(Writer w) throws IOException {
            Feeder feeder = Feeder.inOrder(model, layout.batchSymbol(), data, batch);
            List<TensorSpec> outputs = new ArrayList<>();
            for (TensorSpec o : model.spec().outputs()) {
                if (o.rank() > 0 && o.dims().get(0).equals(layout.batchSymbol()) && DataLayout.width(o) > 0) {
                    outputs.add(o);
                }
            }
            boolean classifier = layout.accuracy() == DataLayout.Accuracy.ARGMAX;
            List<String> header = new ArrayList<>();
            if (classifier) {
                header.add("class");
            }
            for (TensorSpec o : outputs) {
                int width = DataLayout.width(o);
                for (int j = 0; j < width; j++) {
                    header.add(width == 1 ? o.name() : o.name() + "_" + j);
                }
            }
            w.write(String.join(",", header.stream().map(PredictCommand::cell).toList()));
            w.write('\n');
            StringBuilder row = new StringBuilder();
            for (int rows = feeder.next(); rows > 0; rows = feeder.next()) {
                model.predict();
                for (int r = 0; r < rows; r++) {
                    row.setLength(0);
                    if (classifier) {
                        int c = argmax(model.output(layout.compared().name()).array(), r, layout.classes());
                        row.append(c < classNames.size() ? cell(classNames.get(c)) : Integer.toString(c)).append(',');
                    }
                    for (TensorSpec o : outputs) {
                        Object values = model.output(o.name()).array();
                        int width = DataLayout.width(o);
                        for (int j = 0; j < width; j++) {
                            row.append(value(values, r * width + j)).append(',');
                        }
                    }
                    row.setLength(row.length() - 1);
                    w.append(row).append('\n');
                }
            }
        }
    }

    static int argmax(Object out, int row, int classes) {
        int best = 0;
        int base = row * classes;
        for (int k = 1; k < classes; k++) {
            double v = out instanceof float[] f ? f[base + k] : ((double[]) out)[base + k];
            double b = out instanceof float[] f ? f[base + best] : ((double[]) out)[base + best];
            if (v > b) {
                best = k;
            }
        }
        return best;
    }

    /** A float as Java writes a float (0.1, not 0.10000000149011612), a double as a double. */
    private static String value(Object array, int i) {
        if (array instanceof float[] f) {
            return Float.toString(f[i]);
        }
        if (array instanceof double[] d) {
            return Double.toString(d[i]);
        }
        return Integer.toString(((int[]) array)[i]);
    }

    /** A CSV cell, quoted when it holds a comma, a quote or a line break. */
    static String cell(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
