package dev.nnc.ir;

/**
 * The typed contents of a {@code train { ... }} block. {@code clipNorm} is 0 when gradients are
 * not clipped.
 */
public record TrainSettings(Optimizer optimizer, int batch, int epochs, long seed, double clipNorm) {

    public static final int DEFAULT_BATCH = 32;
    public static final int DEFAULT_EPOCHS = 1;
    public static final long DEFAULT_SEED = 0;
    public static final double DEFAULT_SGD_LR = 0.01;

    /** What a model without a train block trains with. */
    public static TrainSettings defaults() {
        return new TrainSettings(new Optimizer.Sgd(DEFAULT_SGD_LR, 0, false, 0),
                DEFAULT_BATCH, DEFAULT_EPOCHS, DEFAULT_SEED, 0);
    }
}
