package dev.nnc.runtime.app;

import dev.nnc.runtime.ModelSpec;
import dev.nnc.runtime.data.Column;
import dev.nnc.runtime.data.Scale;
import java.util.List;
import java.util.Map;

/** The options that say where data comes from, shared by train, eval and predict. */
final class DataOptions {
    static final Option DATA = Option.repeated("--data", "NAME=FILE|FILE", "Bind an IDX file (plain or gzip) to the"
            + " input NAME, or give one CSV file with a header row holding the features and the labels. Repeat for"
            + " each input.");
    static final Option FEATURES = Option.value("--features", "COLS", "The CSV columns that hold the features, by"
            + " header name or 0-based index, comma-separated (default: all but the label).");
    static final Option LABEL = Option.value("--label", "COL", "The CSV column that holds the labels, by header name"
            + " or 0-based index (default: the last column). Labels are integers or class names.");
    static final Option SCALE = Option.value("--scale", "X", "Multiply every feature by X as it loads: a number or a"
            + " fraction such as 1/255.");
    static final Option LIMIT = Option.value("--limit", "N", "Use only the first N examples of the data.");
    static final Option BATCH = Option.value("--batch", "N", "Examples per batch (default: the train block's batch).");

    private DataOptions() {}

    /** The {@code --scale} factor, or {@code fallback} without one. */
    static double scale(Arguments a, double fallback) {
        String text = a.value(SCALE.name());
        if (text == null) {
            return fallback;
        }
        try {
            return Scale.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(a.command(), "option '--scale': " + e.getMessage());
        }
    }

    static int batch(Arguments a, ModelSpec spec) {
        ModelSpec.TrainSpec train = spec.train();
        return a.intValue(BATCH.name(), train == null || train.batch() < 1 ? 32 : train.batch(), 1);
    }

    /** The files of {@code option} with the column choices, for {@link DataBinder#load}. */
    static DataBinder.Request request(Arguments a, String option, double scale, List<String> classes,
                                      boolean needLabels) {
        String label = a.value(LABEL.name());
        Column labelColumn = label == null ? null : Column.parse(label);
        return new DataBinder.Request(option, a.values(option), DataBinder.columns(a.value(FEATURES.name())),
                labelColumn, scale, classes, needLabels);
    }

    /** The first {@code --limit} examples, or all. */
    static Examples limit(Arguments a, Examples data) {
        return a.has(LIMIT.name()) ? data.first(a.intValue(LIMIT.name(), 0, 1)) : data;
    }

    /** The examples with each normalised input standardised as recorded. */
    static Examples normalize(Examples data, Map<String, Normalization> normalization) {
        return normalization.isEmpty() ? data
                : data.map((input, f) -> normalization.containsKey(input) ? normalization.get(input).apply(f) : f);
    }
}
