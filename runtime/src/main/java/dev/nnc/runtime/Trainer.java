package dev.nnc.runtime;

import dev.nnc.runtime.data.Batch;
import dev.nnc.runtime.data.Batches;
import dev.nnc.runtime.data.Dataset;
import dev.nnc.runtime.data.Field;
import java.util.Arrays;
import java.util.List;

/**
 * Trains a compiled model on a data set: epochs of seeded shuffled batches, one
 * {@link CompiledModel#trainStep} each. Each batch is copied by {@link Batches} straight into
 * the model's own input arrays, and the smaller last batch of an epoch is run by shrinking the
 * batch, so once the first batch has run a step allocates nothing.
 *
 * <pre>{@code
 * Trainer trainer = new Trainer(model, Trainer.Options.of(model.spec()).withEpochs(5));
 * Trainer.Result result = trainer.train(data, (epoch, step, loss) -> System.out.println(loss));
 * }</pre>
 *
 * <p>{@link #requestStop} may be called from any thread (a Ctrl-C handler, say): training
 * ends after the step in progress. A stopped trainer stays stopped.
 */
public final class Trainer {

    /** Told of every step and every epoch's end; called on the training thread. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param epoch counted from 0
         * @param step the step within the epoch, counted from 0
         * @param loss the batch's loss before the update
         */
        void step(int epoch, int step, double loss);

        /** @param meanLoss the mean over the epoch's examples of the loss before each update */
        default void epochEnd(int epoch, double meanLoss) {}
    }

    /**
     * How to train.
     *
     * @param features the input the data's features go to
     * @param labels the input the data's labels go to, or null for a model that has none
     */
    public record Options(int epochs, int batchSize, long seed, String features, String labels) {
        public Options {
            if (epochs < 0) {
                throw new IllegalArgumentException("the number of epochs cannot be negative, got " + epochs);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("the batch size must be at least 1, got " + batchSize);
            }
            if (features == null) {
                throw new IllegalArgumentException("the features need an input to go to");
            }
        }

        /**
         * The train block's epochs, batch and seed (the language's defaults without one): the
         * first input takes the features, and the labels go to the first int input, or failing
         * one to the second input.
         */
        public static Options of(ModelSpec spec) {
            List<TensorSpec> inputs = spec.inputs();
            if (inputs.isEmpty()) {
                throw new IllegalArgumentException("model '" + spec.name() + "' has no inputs to train on");
            }
            String features = inputs.get(0).name();
            String labels = inputs.size() > 1 ? inputs.get(1).name() : null;
            for (TensorSpec t : inputs.subList(1, inputs.size())) {
                if (t.dtype() == DType.I32) {
                    labels = t.name();
                    break;
                }
            }
            ModelSpec.TrainSpec train = spec.train();
            return train == null ? new Options(1, 32, 0, features, labels)
                    : new Options(train.epochs(), train.batch(), train.seed(), features, labels);
        }

        public Options withEpochs(int n) {
            return new Options(n, batchSize, seed, features, labels);
        }

        public Options withBatchSize(int n) {
            return new Options(epochs, n, seed, features, labels);
        }

        public Options withSeed(long s) {
            return new Options(epochs, batchSize, s, features, labels);
        }

        public Options withInputs(String featuresInput, String labelsInput) {
            return new Options(epochs, batchSize, seed, featuresInput, labelsInput);
        }
    }

    /**
     * What a run did.
     *
     * @param epochs the epochs completed
     * @param steps the steps taken, a stopped epoch's included
     * @param meanLoss the last completed epoch's mean loss; NaN when none completed
     */
    public record Result(int epochs, long steps, double meanLoss, boolean stopped) {}

    private final CompiledModel model;
    private final Options options;
    /** The symbol of the features' first axis: the batch size. */
    private final String batchSymbol;
    private volatile boolean stopRequested;

    /** @throws IllegalArgumentException when an input is unknown or has no symbolic first axis to batch along */
    public Trainer(CompiledModel model, Options options) {
        this.model = model;
        this.options = options;
        this.batchSymbol = batchSymbol(model.input(options.features()).spec(), model);
        if (options.labels() != null) {
            TensorSpec labels = model.input(options.labels()).spec();
            if (!batchSymbol(labels, model).equals(batchSymbol)) {
                throw new IllegalArgumentException("input '" + labels.name() + "' " + labels.shapeText() + " is batched along "
                        + labels.dims().get(0) + " but the features' input '" + options.features() + "' along " + batchSymbol);
            }
        }
    }

    /** A trainer with {@link Options#of} the model's spec. */
    public static Trainer of(CompiledModel model) {
        return new Trainer(model, Options.of(model.spec()));
    }

    private static String batchSymbol(TensorSpec input, CompiledModel model) {
        if (input.rank() == 0 || !input.isSymbolic(0)) {
            throw new IllegalArgumentException("input '" + input.name() + "' of model '" + model.name() + "' is "
                    + input.shapeText() + ", with no symbolic first axis to batch along");
        }
        return input.dims().get(0);
    }

    public Options options() {
        return options;
    }

    /** Ends training after the step in progress; safe to call from any thread. */
    public void requestStop() {
        stopRequested = true;
    }

    public boolean stopRequested() {
        return stopRequested;
    }

    /**
     * Runs the epochs of {@link Options}, converting the data to the inputs' dtypes and example
     * shapes first (a 28×28 image fits an input of {@code [B, 784]}).
     *
     * @throws IllegalArgumentException when the model expects labels the data lacks, or the
     *     data does not fit an input
     */
    public Result train(Dataset data, Listener listener) {
        TensorView featureInput = model.input(options.features());
        Field features = fit(data.features(), featureInput);
        Field labels = null;
        if (options.labels() != null) {
            if (!data.hasLabels()) {
                throw new IllegalArgumentException("model '" + model.name() + "' trains with labels in input '"
                        + options.labels() + "', but " + data.features().source() + " has none");
            }
            labels = fit(data.labels(), model.input(options.labels()));
        }
        Dataset fitted = labels == null ? Dataset.unlabeled(features) : Dataset.of(features, labels, data.classNames());
        int batchSize = options.batchSize();
        Batches batches = Batches.shuffled(fitted, batchSize, options.seed(), Batches.LastBatch.KEEP);

        // The largest batch first, so the arrays wrapped here are the ones every step uses.
        model.bind(batchSymbol, batchSize);
        Batch batch = Batch.of(featureInput.array(), labels == null ? null : model.input(options.labels()).array());
        long steps = 0;
        double meanLoss = Double.NaN;
        for (int epoch = 0; epoch < options.epochs(); epoch++) {
            batches.startEpoch(epoch);
            double sum = 0;
            int step = 0;
            while (!stopRequested && batches.next(batch)) {
                model.bind(batchSymbol, batch.size());
                double loss = model.trainStep();
                sum += loss * batch.size();
                steps++;
                listener.step(epoch, step++, loss);
                batch = rewrapped(batch, featureInput, labels == null ? null : model.input(options.labels()));
            }
            if (stopRequested) {
                return new Result(epoch, steps, meanLoss, true);
            }
            meanLoss = sum / batches.examplesPerEpoch();
            listener.epochEnd(epoch, meanLoss);
            batch = rewrapped(batch, featureInput, labels == null ? null : model.input(options.labels()));
        }
        return new Result(options.epochs(), steps, meanLoss, false);
    }

    /**
     * The batch to copy the next examples into: the same one, unless a listener ran the model at
     * a batch larger than any before, which gave the inputs new arrays; copying into the old
     * ones would then train on stale data without a word.
     */
    private static Batch rewrapped(Batch batch, TensorView features, TensorView labels) {
        if (batch.features() == features.array() && (labels == null || batch.labels() == labels.array())) {
            return batch;
        }
        return Batch.of(features.array(), labels == null ? null : labels.array());
    }

    /** The field converted to the input's dtype and seen with its example shape. */
    private static Field fit(Field field, TensorView input) {
        TensorSpec spec = input.spec();
        int[] example = new int[spec.rank() - 1];
        for (int a = 1; a < spec.rank(); a++) {
            if (spec.isSymbolic(a)) {
                throw new IllegalArgumentException("input '" + spec.name() + "' is " + spec.shapeText()
                        + ": the trainer batches along the first axis only, so the others must be fixed");
            }
            example[a - 1] = Integer.parseInt(spec.dims().get(a));
        }
        Field converted = field.type() == spec.dtype() ? field : field.as(spec.dtype());
        return Arrays.equals(converted.exampleShape(), example) ? converted : converted.reshape(spec.name(), example);
    }
}
