package dev.nnc.runtime.app;

/**
 * A model's loss and accuracy over a data set.
 *
 * @param examples how many examples were evaluated
 * @param loss the mean of each batch's loss weighted by its examples: the data set's mean loss
 *     when the loss is a mean over the batch
 * @param correct how many predictions matched their label
 * @param accuracy {@code correct / examples}, or NaN when the model has no accuracy (see
 *     {@link DataLayout.Accuracy}), or its float targets are not all 0 or 1
 */
record Metrics(int examples, double loss, int correct, double accuracy) {

    boolean hasAccuracy() {
        return !Double.isNaN(accuracy);
    }
}
