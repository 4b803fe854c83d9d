package dev.nnc.runtime.app;

import dev.nnc.runtime.DType;
import dev.nnc.runtime.TensorSpec;
import dev.nnc.runtime.TensorSpec.Role;
import dev.nnc.runtime.data.Column;
import dev.nnc.runtime.data.Csv;
import dev.nnc.runtime.data.CsvOptions;
import dev.nnc.runtime.data.DataException;
import dev.nnc.runtime.data.Dataset;
import dev.nnc.runtime.data.Field;
import dev.nnc.runtime.data.Idx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the files named on the command line into {@link Examples} for a model's data inputs.
 *
 * <ul>
 *   <li>{@code NAME=FILE} binds an IDX file (plain or gzip) to input NAME: an int input reads
 *       it as class labels, checked against the number of classes; a float input as features,
 *       multiplied by the scale factor unless it is the label input (a regression target).
 *   <li>A bare {@code FILE} is a CSV file with a header row: the chosen feature columns (names
 *       or 0-based indices; by default all but the label) go to the first feature input not
 *       bound by name, and the label column (by default the last) to the label input. Labels
 *       for an int input are integers or class names (numbered in sorted order, or by the names
 *       training recorded); for a float input, numbers. At most one CSV file.
 * </ul>
 *
 * <p>Each field is converted to its input's dtype and seen with its example shape (a 28×28
 * image fills an input of {@code [B, 784]}); data that does not fit is a {@link DataException}
 * naming the file and the input, as is every problem found while reading (with its row and
 * column).
 */
final class DataBinder {
    private final DataLayout layout;
    private final String command;

    DataBinder(DataLayout layout, String command) {
        this.layout = layout;
        this.command = command;
    }

    /**
     * What to read.
     *
     * @param option the option the files came from, for messages ({@code --data}, {@code --test})
     * @param files the option's values, {@code NAME=FILE} or {@code FILE}
     * @param features the CSV feature columns, or empty for all but the label
     * @param label the CSV label column, or null for the default (the last column when labels
     *     are read)
     * @param scale the factor features are multiplied by
     * @param classes the class names to number labels by, or empty to take them from the file
     * @param needLabels whether the label input must have data (train, eval) or not (predict)
     */
    record Request(String option, List<String> files, List<Column> features, Column label, double scale,
                   List<String> classes, boolean needLabels) {}

    Examples load(Request r) {
        Map<String, Path> named = new LinkedHashMap<>();
        Path csv = null;
        for (String text : r.files()) {
            int eq = text.indexOf('=');
            String name = eq > 0 ? text.substring(0, eq) : null;
            boolean isInput = name != null && layout.spec().slot(name, Role.INPUT) >= 0;
            if (name != null && !isInput && !Files.exists(Path.of(text))) {
                throw new UsageException(command, r.option() + " " + text + ": " + layout.spec().missing(name, Role.INPUT));
            }
            if (!isInput) {
                if (csv != null) {
                    throw new UsageException(command, r.option() + " names two CSV files (" + csv + " and " + text
                            + "); one CSV file holds all the features and the labels, and IDX files are bound to"
                            + " inputs by name: " + r.option() + " x=FILE");
                }
                csv = Path.of(text);
                continue;
            }
            TensorSpec input = layout.spec().tensor(name, Role.INPUT);
            if (!layout.dataInputs().contains(input)) {
                throw new UsageException(command, r.option() + " " + text + ": input '" + name + "' is "
                        + input.shapeText() + ", not batched along " + (layout.batchSymbol() == null ? "a symbolic axis"
                        : layout.batchSymbol()) + ", so it takes no data" + dataInputsHint());
            }
            if (named.put(name, Path.of(text.substring(eq + 1))) != null) {
                throw new UsageException(command, r.option() + " binds input '" + name + "' twice");
            }
        }

        TensorSpec csvFeatures = null;
        TensorSpec csvLabels = null;
        if (csv != null) {
            csvFeatures = layout.features().stream().filter(t -> !named.containsKey(t.name())).findFirst().orElse(null);
            TensorSpec labels = layout.labels();
            if (labels != null && !named.containsKey(labels.name()) && (r.needLabels() || r.label() != null)) {
                csvLabels = labels;
            }
            if (csvFeatures == null) {
                throw new UsageException(command, r.option() + " " + csv + ": every feature input of model '"
                        + layout.spec().name() + "' is already bound to a file by name, so the CSV file has nowhere to go");
            }
        } else if (!r.features().isEmpty() || r.label() != null) {
            throw new UsageException(command, (r.label() != null ? "--label" : "--features") + " chooses columns of a"
                    + " CSV file, but " + r.option() + " names none");
        }

        for (TensorSpec input : layout.dataInputs()) {
            boolean bound = named.containsKey(input.name()) || input == csvFeatures || input == csvLabels;
            if (!bound && (!layout.isLabels(input.name()) || r.needLabels())) {
                throw new CommandException("input '" + input.name() + "' " + input.shapeText() + " of model '"
                        + layout.spec().name() + "' has no data: bind a file to it with " + r.option() + " "
                        + input.name() + "=FILE" + (csv == null && named.isEmpty() && layout.dataInputs().size() <= 2
                        ? ", or give one CSV file holding features and labels" : ""));
            }
        }

        Map<String, Field> fields = new LinkedHashMap<>();
        List<String> classNames = r.classes();
        if (csv != null) {
            Dataset data = Csv.load(csv, csvOptions(r, csvFeatures, csvLabels));
            fields.put(csvFeatures.name(), fit(data.features(), csvFeatures));
            if (csvLabels != null) {
                fields.put(csvLabels.name(), fit(data.labels(), csvLabels));
                if (!data.classNames().isEmpty()) {
                    classNames = data.classNames();
                }
            }
        }
        named.forEach((name, path) -> {
            TensorSpec input = layout.spec().tensor(name, Role.INPUT);
            fields.put(name, fit(idx(path, input, r.scale()), input));
        });
        // In the model's input order, so that messages and batches follow the declarations.
        Map<String, Field> ordered = new LinkedHashMap<>();
        for (TensorSpec input : layout.dataInputs()) {
            if (fields.containsKey(input.name())) {
                ordered.put(input.name(), fields.get(input.name()));
            }
        }
        return new Examples(ordered, classNames);
    }

    private CsvOptions csvOptions(Request r, TensorSpec features, TensorSpec labels) {
        if (features.dtype() == DType.I32) {
            throw new CommandException("input '" + features.name() + "' is int, but CSV features are read as numbers"
                    + " for a float input");
        }
        CsvOptions o = CsvOptions.defaults().withFeatureType(features.dtype()).withScale(r.scale());
        if (!r.features().isEmpty()) {
            o = o.withFeatures(r.features().toArray(new Column[0]));
        }
        if (labels == null) {
            return o.withoutLabel();
        }
        if (r.label() != null) {
            o = o.withLabel(r.label());
        }
        if (labels.dtype() != DType.I32) {
            return o.withLabelKind(CsvOptions.LabelKind.NUMBER);
        }
        if (!r.classes().isEmpty()) {
            o = o.withClasses(r.classes());
        }
        return o.withClassCount(layout.classes());
    }

    private Field idx(Path path, TensorSpec input, double scale) {
        if (input.dtype() == DType.I32) {
            return Idx.labels(path, layout.isLabels(input.name()) ? layout.classes() : 0);
        }
        return Idx.features(path, input.dtype(), layout.isLabels(input.name()) ? 1 : scale);
    }

    /** The field in the input's dtype and example shape. */
    static Field fit(Field field, TensorSpec input) {
        int[] shape = DataLayout.exampleShape(input);
        Field converted = field;
        if (field.type() != input.dtype()) {
            if (input.dtype() == DType.I32) {
                throw new DataException(field.source() + " holds " + field.type().spelling() + " values, but input '"
                        + input.name() + "' " + input.shapeText() + " is int");
            }
            converted = field.as(input.dtype());
        }
        return Arrays.equals(converted.exampleShape(), shape) ? converted : converted.reshape(input.name(), shape);
    }

    private String dataInputsHint() {
        List<String> names = new ArrayList<>();
        for (TensorSpec t : layout.dataInputs()) {
            names.add(t.name());
        }
        return names.isEmpty() ? "" : " (the inputs that take data: " + String.join(", ", names) + ")";
    }

    /** The columns of a {@code --features} value: names or 0-based indices, comma-separated. */
    static List<Column> columns(String text) {
        List<Column> columns = new ArrayList<>();
        if (text != null) {
            for (String part : text.split(",")) {
                if (!part.isBlank()) {
                    columns.add(Column.parse(part));
                }
            }
        }
        return columns;
    }
}
