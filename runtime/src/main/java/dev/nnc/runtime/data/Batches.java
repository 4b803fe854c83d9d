package dev.nnc.runtime.data;

/**
 * The batches of one data set, epoch after epoch, in a seeded shuffled order (see
 * {@link Shuffle} for exactly which) or in file order.
 *
 * <pre>{@code
 * Batches batches = Batches.shuffled(train, 128, seed, Batches.LastBatch.KEEP);
 * Batch batch = Batch.of(model.inputBuffer("x"), model.inputBuffer("y"));
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     batches.startEpoch(epoch);
 *     while (batches.next(batch)) {
 *         model.step(batch.size());
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #next} allocates nothing. {@link #startEpoch} reshuffles in place and allocates
 * one small generator per epoch.
 */
public final class Batches {
    /** What to do with the last, smaller batch when the batch size does not divide N. */
    public enum LastBatch {
        /** Train on it: every example is seen every epoch. The default. */
        KEEP,
        /** Skip it: every step sees a full batch, at the cost of a few examples per epoch. */
        DROP
    }

    private final Dataset data;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private final LastBatch last;
    private final int[] order;
    private final int end;
    private int cursor;

    private Batches(Dataset data, int batchSize, long seed, boolean shuffle, LastBatch last) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("the batch size must be positive, not " + batchSize);
        }
        this.data = data;
        this.batchSize = batchSize;
        this.seed = seed;
        this.shuffle = shuffle;
        this.last = last;
        this.order = new int[data.size()];
        int n = data.size();
        this.end = last == LastBatch.DROP ? n - n % batchSize : n;
        startEpoch(0);
    }

    /** A new order every epoch, drawn from the seed and the epoch number. */
    public static Batches shuffled(Dataset data, int batchSize, long seed, LastBatch last) {
        return new Batches(data, batchSize, seed, true, last);
    }

    /** File order every epoch, the last batch kept: for evaluation and prediction. */
    public static Batches inOrder(Dataset data, int batchSize) {
        return new Batches(data, batchSize, 0, false, LastBatch.KEEP);
    }

    public int batchSize() {
        return batchSize;
    }

    /** Batches that {@link #next} yields in one epoch. */
    public int batchesPerEpoch() {
        return (end + batchSize - 1) / batchSize;
    }

    /** Examples seen in one epoch: N, or fewer when the last batch is dropped. */
    public int examplesPerEpoch() {
        return end;
    }

    /** Rewinds to the first batch of the given epoch (0-based), in that epoch's order. */
    public void startEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epochs count from 0, not " + epoch);
        }
        if (shuffle) {
            Shuffle.permutation(order, Shuffle.stream(seed, epoch));
        } else {
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
        }
        cursor = 0;
    }

    /**
     * Copies the next batch into the caller's arrays.
     *
     * @return false, touching nothing, when the epoch has no batch left
     */
    public boolean next(Batch batch) {
        if (cursor >= end) {
            batch.setSize(0);
            return false;
        }
        check(batch);
        int count = Math.min(batchSize, end - cursor);
        data.features().copyRows(order, cursor, count, batch.features());
        if (batch.labels() != null) {
            data.labels().copyRows(order, cursor, count, batch.labels());
        }
        cursor += count;
        batch.setSize(count);
        return true;
    }

    /** Arrays of the right type and size for this data set's batches, labels included when it has them. */
    public Batch newBatch() {
        Field labels = data.labels();
        return Batch.of(newArray(data.features()), labels == null ? null : newArray(labels));
    }

    private Object newArray(Field field) {
        int n = batchSize * field.width();
        switch (field.type()) {
            case F32: return new float[n];
            case F64: return new double[n];
            default: return new int[n];
        }
    }

    /** The example indices of the current epoch in order; a copy, for tests and tools. */
    public int[] epochOrder() {
        return java.util.Arrays.copyOf(order, end);
    }

    private void check(Batch batch) {
        checkArray("features", data.features(), batch.features());
        if (batch.labels() != null) {
            if (data.labels() == null) {
                throw new IllegalArgumentException("the batch has a labels array but " + data.features().source()
                        + " has no labels");
            }
            checkArray("labels", data.labels(), batch.labels());
        }
    }

    private void checkArray(String what, Field field, Object array) {
        if (Batch.typeOf(array) != field.type()) {
            throw new IllegalArgumentException("the batch " + what + " array is " + array.getClass().getSimpleName()
                    + " but " + field.source() + " holds " + field.type().spelling() + " values");
        }
        long needed = (long) batchSize * field.width();
        if (Batch.length(array) < needed) {
            throw new IllegalArgumentException("the batch " + what + " array holds " + Batch.length(array)
                    + " values but a batch of " + batchSize + " needs " + needed);
        }
    }
}
