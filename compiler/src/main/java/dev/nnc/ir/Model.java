package dev.nnc.ir;

/**
 * A checked program: its graph, its float type and its training settings. {@code loss} is the
 * node named {@code loss}, or -1 when the program has none (it can then only be run).
 */
public record Model(String name, DType dtype, Graph graph, int loss, TrainSettings train) {

    public boolean hasLoss() {
        return loss >= 0;
    }

    /** Number of trainable scalars. */
    public long parameterCount() {
        long n = 0;
        for (Node p : graph.params()) {
            n += p.shape().elementCount();
        }
        return n;
    }
}
