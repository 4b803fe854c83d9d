package dev.nnc.runtime.data;

import java.util.List;

/**
 * N examples: features, and labels unless the data is only for prediction. Labels are class
 * indices (I32) for a classifier, or float targets for a regression. When the labels were
 * class names in a CSV file, {@link #classNames()} gives the name of each index, so a
 * prediction can be printed as "virginica" rather than "2".
 */
public final class Dataset {
    private final Field features;
    private final Field labels;
    private final List<String> classNames;

    private Dataset(Field features, Field labels, List<String> classNames) {
        this.features = features;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
    }

    /**
     * Pairs features with labels, example by example.
     *
     * @throws DataException when the two hold different numbers of examples, or none
     */
    public static Dataset of(Field features, Field labels) {
        return of(features, labels, List.of());
    }

    public static Dataset of(Field features, Field labels, List<String> classNames) {
        if (labels != null && labels.size() != features.size()) {
            throw new DataException(features.source() + " has " + features.size() + " examples but "
                    + labels.source() + " has " + labels.size() + "; features and labels must pair up one to one");
        }
        if (features.size() == 0) {
            throw new DataException(features.source() + " holds no examples");
        }
        return new Dataset(features, labels, classNames);
    }

    /** Features alone, for prediction. */
    public static Dataset unlabeled(Field features) {
        return of(features, null, List.of());
    }

    public int size() {
        return features.size();
    }

    public Field features() {
        return features;
    }

    /** The labels, or null when there are none ({@link #hasLabels()}). */
    public Field labels() {
        return labels;
    }

    public boolean hasLabels() {
        return labels != null;
    }

    /** The name of each class index, when the labels were names; otherwise empty. */
    public List<String> classNames() {
        return classNames;
    }

    /** The same examples with other features: reshaped, converted or standardised ones. */
    public Dataset withFeatures(Field newFeatures) {
        return of(newFeatures, labels, classNames);
    }

    /** The given examples, in that order, copied. */
    public Dataset select(int[] indices) {
        return of(features.select(indices), labels == null ? null : labels.select(indices), classNames);
    }

    /** See {@link Split#of}. */
    public Split split(double validationFraction, long seed, boolean stratified) {
        return Split.of(this, validationFraction, seed, stratified);
    }

    @Override
    public String toString() {
        return "Dataset[" + features + (labels == null ? "" : "; " + labels) + "]";
    }
}
