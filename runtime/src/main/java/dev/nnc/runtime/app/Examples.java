package dev.nnc.runtime.app;

import dev.nnc.runtime.DType;
import dev.nnc.runtime.data.DataException;
import dev.nnc.runtime.data.Dataset;
import dev.nnc.runtime.data.Field;
import dev.nnc.runtime.data.Split;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A data set bound to a model: one {@link Field} per data input, each already of the input's
 * dtype and example shape, all holding the same examples in the same order. A
 * {@link Dataset} pairs features with labels; this holds any number of inputs, so a model with
 * three data inputs trains as easily as one with two.
 *
 * @param fields each data input's values, by input name, in the model's input order
 * @param classNames the name of each class index when the labels were names in a CSV file
 */
record Examples(Map<String, Field> fields, List<String> classNames) {

    Examples {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        classNames = List.copyOf(classNames);
        Field first = null;
        for (Field f : fields.values()) {
            if (first == null) {
                first = f;
            } else if (f.size() != first.size()) {
                throw new DataException(first.source() + " has " + first.size() + " examples but " + f.source()
                        + " has " + f.size() + "; the data of the inputs must pair up one to one");
            }
        }
        if (first == null) {
            throw new IllegalArgumentException("no data");
        }
        if (first.size() == 0) {
            throw new DataException(first.source() + " holds no examples");
        }
    }

    int size() {
        return fields.values().iterator().next().size();
    }

    Field field(String input) {
        return fields.get(input);
    }

    /** The given examples, in that order. */
    Examples select(int[] indices) {
        return map((input, f) -> f.select(indices));
    }

    /** The first {@code n} examples (all of them when there are fewer). */
    Examples first(int n) {
        if (n >= size()) {
            return this;
        }
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = i;
        }
        return select(indices);
    }

    /** The same examples with each field replaced by {@code f(input, field)}. */
    Examples map(BiFunction<String, Field, Field> f) {
        Map<String, Field> out = new LinkedHashMap<>();
        fields.forEach((input, field) -> out.put(input, f.apply(input, field)));
        return new Examples(out, classNames);
    }

    /** A training part and a held-out part. */
    record Parts(Examples train, Examples heldOut) {}

    /**
     * Holds out a fraction of the examples with {@link Split#of}: seeded, and stratified when
     * {@code labels} names an input of one int label per example, so that every class is in
     * both parts in proportion.
     */
    Parts split(double fraction, long seed, String labels) {
        int n = size();
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        // Split the indices rather than the data, so that any number of inputs split alike.
        Field label = labels == null ? null : fields.get(labels);
        boolean stratified = label != null && label.type() == DType.I32 && label.width() == 1;
        Field index = Field.ofInts(sourceName(), all);
        Dataset indexed = stratified ? Dataset.of(index, label) : Dataset.unlabeled(index);
        Split split = Split.of(indexed, fraction, seed, stratified);
        return new Parts(select(split.train().features().ints()), select(split.validation().features().ints()));
    }

    /** The files the examples came from, for messages. */
    String sourceName() {
        List<String> sources = new ArrayList<>();
        for (Field f : fields.values()) {
            if (!sources.contains(f.source())) {
                sources.add(f.source());
            }
        }
        return String.join(" and ", sources);
    }
}
