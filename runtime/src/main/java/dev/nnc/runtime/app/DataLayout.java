package dev.nnc.runtime.app;

import dev.nnc.runtime.DType;
import dev.nnc.runtime.ModelSpec;
import dev.nnc.runtime.TensorSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * What a model's spec says about feeding it data: which inputs take one example per row (those
 * whose first axis is the batch symbol), which of them holds the labels, and which output the
 * labels are compared with to count correct predictions.
 *
 * <ul>
 *   <li>The batch symbol is the symbolic first axis of the first input that has one
 *       (conventionally {@code B}); the data inputs are the inputs batched along it. Other
 *       inputs keep their default values.
 *   <li>The label input is the first int data input, or failing one the second data input
 *       (the convention of {@link dev.nnc.runtime.Trainer.Options#of}); a model with a single
 *       data input has none. The other data inputs are features.
 *   <li>Int labels, one per example, are compared with the first output shaped {@code [B, C]}
 *       with a fixed C: the prediction is the arg max of a row, and C is the number of classes.
 *       One float target per example is compared with the first output holding one value per
 *       example, read as a probability: the prediction is 1 when it exceeds 0.5 (this counts
 *       only when every target is 0 or 1). Anything else has no accuracy.
 * </ul>
 */
final class DataLayout {
    /** How predictions are compared with labels. */
    enum Accuracy {
        /** Int labels against the arg max of a [B, C] output. */
        ARGMAX,
        /** 0/1 float targets against a probability above 0.5. */
        THRESHOLD,
        /** No accuracy: a regression, or no output to compare with. */
        NONE
    }

    private final ModelSpec spec;
    private final String batchSymbol;
    private final List<TensorSpec> dataInputs;
    private final TensorSpec labels;
    private final TensorSpec compared;
    private final Accuracy accuracy;
    private final int classes;

    private DataLayout(ModelSpec spec) {
        this.spec = spec;
        String symbol = null;
        for (TensorSpec in : spec.inputs()) {
            if (in.rank() > 0 && in.isSymbolic(0)) {
                symbol = in.dims().get(0);
                break;
            }
        }
        this.batchSymbol = symbol;
        List<TensorSpec> batched = new ArrayList<>();
        for (TensorSpec in : spec.inputs()) {
            if (symbol != null && in.rank() > 0 && in.dims().get(0).equals(symbol)) {
                batched.add(in);
            }
        }
        this.dataInputs = List.copyOf(batched);
        TensorSpec label = batched.stream().filter(t -> t.dtype() == DType.I32).findFirst()
                .orElse(batched.size() > 1 ? batched.get(1) : null);
        this.labels = label;

        TensorSpec out = null;
        Accuracy kind = Accuracy.NONE;
        int c = 0;
        if (label != null && width(label) == 1) {
            for (TensorSpec o : spec.outputs()) {
                if (o.rank() == 0 || !o.dims().get(0).equals(symbol)) {
                    continue;
                }
                if (label.dtype() == DType.I32 && o.rank() == 2 && !o.isSymbolic(1)) {
                    out = o;
                    kind = Accuracy.ARGMAX;
                    c = Integer.parseInt(o.dims().get(1));
                    break;
                }
                if (label.dtype() != DType.I32 && width(o) == 1) {
                    out = o;
                    kind = Accuracy.THRESHOLD;
                    break;
                }
            }
        }
        this.compared = out;
        this.accuracy = kind;
        this.classes = c;
    }

    static DataLayout of(ModelSpec spec) {
        return new DataLayout(spec);
    }

    ModelSpec spec() {
        return spec;
    }

    /** The symbol of the batch axis, or null when no input has a symbolic first axis. */
    String batchSymbol() {
        return batchSymbol;
    }

    /** The inputs that take one example per row, in declaration order. */
    List<TensorSpec> dataInputs() {
        return dataInputs;
    }

    /** The input that holds the labels (or regression targets), or null. */
    TensorSpec labels() {
        return labels;
    }

    boolean isLabels(String input) {
        return labels != null && labels.name().equals(input);
    }

    /** The data inputs other than the labels. */
    List<TensorSpec> features() {
        return dataInputs.stream().filter(t -> !isLabels(t.name())).toList();
    }

    /** The output the labels are compared with, or null. */
    TensorSpec compared() {
        return compared;
    }

    Accuracy accuracy() {
        return accuracy;
    }

    /** The number of classes, from the compared output's last axis; 0 when unknown. */
    int classes() {
        return classes;
    }

    /**
     * The shape of one example of a data input: its shape without the batch axis.
     *
     * @throws CommandException when another axis is symbolic, so one example has no fixed size
     */
    static int[] exampleShape(TensorSpec input) {
        int[] shape = new int[input.rank() - 1];
        for (int a = 1; a < input.rank(); a++) {
            if (input.isSymbolic(a)) {
                throw new CommandException("input '" + input.name() + "' is " + input.shapeText()
                        + ": data fills inputs whose axes after the batch axis have fixed sizes");
            }
            shape[a - 1] = Integer.parseInt(input.dims().get(a));
        }
        return shape;
    }

    /** Values per example of a batched tensor with fixed other axes; -1 when one is symbolic. */
    static int width(TensorSpec t) {
        int w = 1;
        for (int a = 1; a < t.rank(); a++) {
            if (t.isSymbolic(a)) {
                return -1;
            }
            w *= Integer.parseInt(t.dims().get(a));
        }
        return w;
    }
}
