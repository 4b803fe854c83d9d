package dev.nnc.runtime.app;

import dev.nnc.runtime.CompiledModel;
import dev.nnc.runtime.data.Batch;
import dev.nnc.runtime.data.Batches;
import dev.nnc.runtime.data.Dataset;
import dev.nnc.runtime.data.Field;
import java.util.Map;

/**
 * Copies batches of {@link Examples} straight into a model's input arrays, every data input
 * at once, and sets the batch size to the rows filled.
 *
 * <p>Each input has its own {@link Batches} over the same number of examples with the same
 * seed, so all of them draw the same permutation each epoch and example {@code i} of every
 * input lands in the same row. The model's batch is first set to the full batch size, so the
 * arrays wrapped here are the largest the run needs and stay valid; {@link #next} then
 * allocates nothing.
 */
final class Feeder {
    private final CompiledModel model;
    private final String batchSymbol;
    private final int batchSize;
    private final Batches[] batches;
    private final Batch[] targets;

    private Feeder(CompiledModel model, String batchSymbol, Examples data, int batchSize, long seed, boolean shuffle) {
        this.model = model;
        this.batchSymbol = batchSymbol;
        this.batchSize = batchSize;
        model.bind(batchSymbol, batchSize);
        int n = data.fields().size();
        this.batches = new Batches[n];
        this.targets = new Batch[n];
        int i = 0;
        for (Map.Entry<String, Field> e : data.fields().entrySet()) {
            Dataset one = Dataset.unlabeled(e.getValue());
            batches[i] = shuffle ? Batches.shuffled(one, batchSize, seed, Batches.LastBatch.KEEP)
                    : Batches.inOrder(one, batchSize);
            targets[i] = Batch.of(model.input(e.getKey()).array(), null);
            i++;
        }
    }

    /** Batches in a seeded order that changes every epoch (see {@link Batches#shuffled}). */
    static Feeder shuffled(CompiledModel model, String batchSymbol, Examples data, int batchSize, long seed) {
        return new Feeder(model, batchSymbol, data, batchSize, seed, true);
    }

    /** Batches in file order: for evaluation and prediction. */
    static Feeder inOrder(CompiledModel model, String batchSymbol, Examples data, int batchSize) {
        return new Feeder(model, batchSymbol, data, batchSize, 0, false);
    }

    /** Rewinds to the first batch of epoch {@code epoch} (0-based), in that epoch's order. */
    void startEpoch(int epoch) {
        for (Batches b : batches) {
            b.startEpoch(epoch);
        }
    }

    /**
     * Copies the next batch into the model's inputs and binds the batch size to its rows.
     *
     * @return the rows filled, 0 when the epoch has no batch left
     */
    int next() {
        int rows = 0;
        for (int i = 0; i < batches.length; i++) {
            if (!batches[i].next(targets[i])) {
                return 0;
            }
            rows = targets[i].size();
        }
        model.bind(batchSymbol, rows);
        return rows;
    }

    int batchSize() {
        return batchSize;
    }

    int batchesPerEpoch() {
        return batches[0].batchesPerEpoch();
    }

    int examplesPerEpoch() {
        return batches[0].examplesPerEpoch();
    }
}
