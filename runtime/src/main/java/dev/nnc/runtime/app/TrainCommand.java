package dev.nnc.runtime.app;

import dev.nnc.runtime.CompiledModel;
import dev.nnc.runtime.DType;
import dev.nnc.runtime.ModelSpec;
import dev.nnc.runtime.TensorSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code train}: on data files ({@link TrainingRun}), or without {@code --data} on the model's
 * default inputs ({@link DefaultInputsTraining}).
 */
final class TrainCommand {
    static final Option NORMALIZE = Option.flag("--normalize", "Standardise each feature to mean 0 and deviation 1,"
            + " with statistics of the training split only; eval and predict repeat it from the weights file.");
    static final Option VALIDATION = Option.value("--validation", "FRACTION", "Hold out this fraction of the data"
            + " (stratified by class, seeded) and report its loss and accuracy after every epoch.");
    static final Option TEST = Option.repeated("--test", "NAME=FILE|FILE", "A test set, bound like --data: evaluated"
            + " after every epoch, or at the end when --validation is given too.");
    static final Option LIMIT = Option.value("--limit", "N", "Train on the first N examples of --data only (taken"
            + " before a validation split; --test files are used whole).");
    static final Option EPOCHS = Option.value("--epochs", "N", "Train until N epochs are done (default: the train"
            + " block's epochs). A resumed run counts the epochs before it.");
    static final Option STEPS = Option.value("--steps", "N", "Stop after N updates in all instead (without --data,"
            + " N steps on all the default inputs).");
    static final Option LR = Option.value("--lr", "X", "The learning rate (default: the optimizer's lr).");
    static final Option SEED = Option.value("--seed", "N", "The seed of the shuffle and the validation split (default:"
            + " the train block's seed; the initial weights always use the train block's).");
    static final Option CHECKPOINT = Option.value("--checkpoint", "DIR", "Write a checkpoint into DIR after every"
            + " epoch, and when stopped by Ctrl-C (atomic safetensors files).");
    static final Option RESUME = Option.flag("--resume", "Continue from the latest checkpoint in the --checkpoint"
            + " directory, to the same result as an uninterrupted run.");
    static final Option JSON = Option.flag("--json", "Print JSON lines instead of text (format below).");
    static final Option LOG_EVERY = Option.value("--log-every", "K", "Log every K-th step (default: about ten lines an"
            + " epoch; without --data, every step with --json).");
    static final Option PLOT = Option.value("--plot", "FILE", "At the end, draw the loss curve into an SVG file.");
    static final Option WEIGHTS_OUT = Option.value("--weights-out", "FILE", "At the end, save the params (and how the"
            + " data was scaled and normalised) to a safetensors file for eval and predict.");

    static final Command COMMAND = new Command("train", "Train the model on data files, or on its default inputs.",
            "[--data NAME=FILE|FILE]... [OPTIONS]",
            List.of(DataOptions.DATA, DataOptions.FEATURES, DataOptions.LABEL, DataOptions.SCALE, NORMALIZE, VALIDATION,
                    TEST, LIMIT, EPOCHS, STEPS, DataOptions.BATCH, LR, SEED, CHECKPOINT, RESUME, JSON,
                    LOG_EVERY, PLOT, WEIGHTS_OUT, Threads.OPTION),
            """
            Without --data the model trains on its inputs' default values, every step on all of them;
            an input without a default needs --data. With --data, every epoch visits the examples in a
            new seeded order, in batches copied straight into the model's inputs.

            Output: a progress bar on a terminal, plain log lines otherwise, one line per epoch:
              epoch 2/5  train loss 0.432100  val loss 0.401234  val accuracy 85.32% (427/500)  1.2 s
            With --json, one JSON object per line (numbers as Java's Double.toString writes them):
              without --data  {"step": 0, "loss": 0.69}  (the loss after that many updates; the last
                              line is the loss after the last update)
              with --data     {"epoch": 1, "step": 17, "loss": 0.43}  (step: updates before this batch)
                              {"epoch": 1, "train_loss": 0.51, "val_loss": 0.44, "val_accuracy": 0.84}
                              {"test_loss": 0.45, "test_accuracy": 0.83}  (--validation with --test)
            Accuracy: the arg max of a [B, C] output against int labels, or a one-value output above 0.5
            against 0/1 targets; null (n/a) for other models.

            Ctrl-C finishes the step in progress, writes a checkpoint (with --checkpoint) and exits.
            Exit status: 0 done, 1 an error in the data, weights or model, 2 a bad command line,
            130 stopped by Ctrl-C.""",
            TrainCommand::run);

    private TrainCommand() {}

    static int run(Invocation inv, Arguments a) throws IOException {
        CompiledModel model = inv.model();
        ModelSpec spec = model.spec();
        a.exclusive(EPOCHS.name(), STEPS.name());
        a.requireWith(RESUME.name(), CHECKPOINT.name());
        boolean json = a.has(JSON.name());
        int logEvery = a.intValue(LOG_EVERY.name(), 0, 1);
        Path plot = path(a, PLOT);
        Path weightsOut = path(a, WEIGHTS_OUT);
        if (a.has(LR.name())) {
            double lr = a.doubleValue(LR.name(), 0);
            if (lr < 0) {
                throw new UsageException(a.command(), "option '--lr' must be at least 0, not " + a.value(LR.name()));
            }
            model.setLearningRate(lr);
        }
        if (spec.objective() == null) {
            throw new CommandException("model '" + model.name() + "' has no loss, so there is nothing to train");
        }
        ModelSpec.TrainSpec train = spec.train();
        int specEpochs = train == null ? 1 : train.epochs();

        if (!a.has(DataOptions.DATA.name())) {
            for (Option o : List.of(DataOptions.FEATURES, DataOptions.LABEL, DataOptions.SCALE, NORMALIZE, VALIDATION,
                    TEST, LIMIT, DataOptions.BATCH, SEED, CHECKPOINT, RESUME)) {
                if (a.has(o.name())) {
                    throw new UsageException(a.command(), "option '" + o.name() + "' needs --data: without it the model"
                            + " trains on its default inputs");
                }
            }
            int steps = a.intValue(STEPS.name(), a.intValue(EPOCHS.name(), specEpochs, 0), 0);
            return DefaultInputsTraining.run(inv, steps, json, logEvery == 0 ? 1 : logEvery, weightsOut, plot);
        }

        DataLayout layout = DataLayout.of(spec);
        int batch = DataOptions.batch(a, spec);
        long seed = a.longValue(SEED.name(), train == null ? 0 : train.seed());
        int epochs = a.has(STEPS.name()) ? -1 : a.intValue(EPOCHS.name(), specEpochs, 0);
        long maxSteps = a.has(STEPS.name()) ? a.intValue(STEPS.name(), 0, 0) : Long.MAX_VALUE;
        double fraction = a.doubleValue(VALIDATION.name(), 0);
        if (a.has(VALIDATION.name()) && !(fraction > 0 && fraction < 1)) {
            throw new UsageException(a.command(), "option '--validation' needs a fraction between 0 and 1, such as 0.1,"
                    + " not " + a.value(VALIDATION.name()));
        }
        if (a.has(DataOptions.LIMIT.name())) {
            a.intValue(DataOptions.LIMIT.name(), 0, 1);
        }
        double scale = DataOptions.scale(a, 1);
        Path checkpoints = path(a, CHECKPOINT);
        if (layout.batchSymbol() == null) {
            throw new CommandException("model '" + model.name() + "' has no input with a symbolic batch axis (such as"
                    + " [B, 784]), so it cannot take data in batches; train it on its default inputs, without --data");
        }

        DataBinder binder = new DataBinder(layout, a.command());
        boolean needLabels = layout.labels() != null;
        Examples data = DataOptions.limit(a, binder.load(DataOptions.request(a, DataOptions.DATA.name(), scale, List.of(),
                needLabels)));
        Examples trainSet = data;
        Examples validation = null;
        if (a.has(VALIDATION.name())) {
            Examples.Parts parts = data.split(fraction, seed, needLabels ? layout.labels().name() : null);
            trainSet = parts.train();
            validation = parts.heldOut();
        }
        Examples test = a.has(TEST.name()) ? binder.load(DataOptions.request(a, TEST.name(), scale, data.classNames(),
                needLabels)) : null;

        Map<String, Normalization> normalization = new LinkedHashMap<>();
        if (a.has(NORMALIZE.name())) {
            for (TensorSpec input : layout.features()) {
                if (input.dtype() != DType.I32 && trainSet.field(input.name()) != null) {
                    normalization.put(input.name(), Normalization.fit(trainSet.field(input.name())));
                }
            }
            trainSet = DataOptions.normalize(trainSet, normalization);
            validation = validation == null ? null : DataOptions.normalize(validation, normalization);
            test = test == null ? null : DataOptions.normalize(test, normalization);
        }
        Preprocessing preprocessing = new Preprocessing(scale, normalization, data.classNames());

        Examples heldOut = validation != null ? validation : test;
        String heldOutName = validation != null ? "val" : "test";
        TrainingReport report = json ? new JsonReport(inv.out(), inv.err()) : new TextReport(inv.out(), inv.terminal(),
                inv.nanoTime());
        TrainingRun.Settings settings = new TrainingRun.Settings(epochs, maxSteps, batch, seed, logEvery, checkpoints,
                a.has(RESUME.name()), plot, weightsOut);
        return new TrainingRun(inv, layout, settings, report).run(trainSet, heldOut, heldOutName,
                validation != null ? test : null, preprocessing);
    }

    static Path path(Arguments a, Option o) {
        String v = a.value(o.name());
        if (v != null && v.isBlank()) {
            throw new UsageException(a.command(), "option '" + o.name() + "' needs a file name, not an empty one");
        }
        return v == null ? null : Path.of(v);
    }
}
