package dev.nnc.runtime.data;

import dev.nnc.runtime.DType;
import java.util.Arrays;
import java.util.List;

/**
 * How to read a CSV file into a {@link Dataset}. Immutable: each {@code with} method returns
 * a changed copy. The defaults: the label is the last column, the features are all the
 * others, labels are read as {@link LabelKind#AUTO}, features as F32, unscaled.
 */
public final class CsvOptions {
    /** How the label column's cells become labels. */
    public enum LabelKind {
        /** INTEGER when every label cell is an integer, CLASS_NAMES otherwise. */
        AUTO,
        /** Class indices written as integers: 0, 1, 2. */
        INTEGER,
        /**
         * Class names such as "setosa", numbered in sorted order (String.compareTo), unless
         * {@link #withClasses} fixes the list. Sorted, not in order of first appearance, so
         * that two files with the same classes (train and test, or one file reshuffled)
         * number them alike.
         */
        CLASS_NAMES,
        /** A number to regress on, stored with the features' type. */
        NUMBER
    }

    private final List<Column> features;
    private final Column label;
    private final LabelKind labelKind;
    private final List<String> classes;
    private final int classCount;
    private final DType featureType;
    private final double scale;

    private CsvOptions(List<Column> features, Column label, LabelKind labelKind, List<String> classes,
            int classCount, DType featureType, double scale) {
        this.features = List.copyOf(features);
        this.label = label;
        this.labelKind = labelKind;
        this.classes = classes == null ? null : List.copyOf(classes);
        this.classCount = classCount;
        this.featureType = featureType;
        this.scale = scale;
    }

    private static final Column LAST = Column.named("");

    public static CsvOptions defaults() {
        return new CsvOptions(List.of(), LAST, LabelKind.AUTO, null, 0, DType.F32, 1);
    }

    /** Feature columns by name, in the order the model's input wants them. */
    public CsvOptions withFeatures(String... names) {
        return withFeatures(Arrays.stream(names).map(Column::named).toArray(Column[]::new));
    }

    public CsvOptions withFeatures(Column... columns) {
        return new CsvOptions(List.of(columns), label, labelKind, classes, classCount, featureType, scale);
    }

    public CsvOptions withLabel(String name) {
        return withLabel(Column.named(name));
    }

    public CsvOptions withLabel(Column column) {
        return new CsvOptions(features, column, labelKind, classes, classCount, featureType, scale);
    }

    /** No label column: data for prediction; every column is a feature unless chosen. */
    public CsvOptions withoutLabel() {
        return new CsvOptions(features, null, labelKind, classes, classCount, featureType, scale);
    }

    public CsvOptions withLabelKind(LabelKind kind) {
        return new CsvOptions(features, label, kind, classes, classCount, featureType, scale);
    }

    /**
     * Fixes the class names and their numbering, for instance to those of the training file
     * when reading a test file: a name not in the list is then an error.
     */
    public CsvOptions withClasses(List<String> names) {
        return new CsvOptions(features, label, LabelKind.CLASS_NAMES, names, classCount, featureType, scale);
    }

    /** The number of classes the model has: labels must lie in {@code [0, count)}. 0 for unchecked. */
    public CsvOptions withClassCount(int count) {
        return new CsvOptions(features, label, labelKind, classes, count, featureType, scale);
    }

    public CsvOptions withFeatureType(DType type) {
        if (type == DType.I32) {
            throw new IllegalArgumentException("CSV features are read as f32 or f64");
        }
        return new CsvOptions(features, label, labelKind, classes, classCount, type, scale);
    }

    /** Every feature value is multiplied by this as it is read. */
    public CsvOptions withScale(double factor) {
        return new CsvOptions(features, label, labelKind, classes, classCount, featureType, factor);
    }

    List<Column> features() {
        return features;
    }

    /** The label column, {@link #LAST} for the default, or null for none. */
    Column label() {
        return label;
    }

    boolean labelIsLast() {
        return label == LAST;
    }

    LabelKind labelKind() {
        return labelKind;
    }

    List<String> classes() {
        return classes;
    }

    int classCount() {
        return classCount;
    }

    DType featureType() {
        return featureType;
    }

    double scale() {
        return scale;
    }
}
