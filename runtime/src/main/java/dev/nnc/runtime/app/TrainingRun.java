package dev.nnc.runtime.app;

import dev.nnc.runtime.Checkpoints;
import dev.nnc.runtime.CompiledModel;
import dev.nnc.runtime.ModelIdentity;
import dev.nnc.runtime.gemm.Gemm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code train} on data: epochs of seeded shuffled batches copied straight into the model's
 * inputs, one {@code trainStep} each, an evaluation of the held-out set after every epoch, a
 * checkpoint after every epoch, and a clean stop on Ctrl-C.
 *
 * <p><b>Resuming.</b> A checkpoint holds the params, the optimizer state and the update count
 * ({@link CompiledModel#state}), the epochs completed, the global step, and where the shuffle
 * stands. The shuffle needs no generator state: epoch e's order is a function of the seed and e
 * alone (see {@code Batches}), so the checkpoint records the seed, the batch size and the number
 * of examples, which must match on resume, and how many batches of the epoch in progress were
 * done (0 after a whole epoch) with the sum of their losses, so that even the epoch's mean
 * loss comes out the same. A run stopped and resumed thus applies exactly the updates an
 * uninterrupted run applies, to the same bits.
 *
 * <p>Checkpoint files are named by the epochs completed (see {@link Checkpoints}); one written
 * when a run stops mid-epoch replaces the file of the last whole epoch, since it is further on.
 * All are kept.
 */
final class TrainingRun {

    /**
     * @param epochs the epoch to end after, counting from the start of training (a resumed run
     *     does the rest); -1 for as many as {@code maxSteps} needs
     * @param maxSteps the global step to stop at, or Long.MAX_VALUE
     * @param logEvery K of {@code --log-every}, or 0 for the default cadence
     * @param checkpoints the checkpoint directory, or null
     * @param plot where to draw the loss curve, or null
     * @param weightsOut where to save the final params, or null
     */
    record Settings(int epochs, long maxSteps, int batchSize, long seed, int logEvery, Path checkpoints, boolean resume,
                    Path plot, Path weightsOut) {}

    /** Where a run starts: at the beginning, or where a checkpoint left off. */
    record Position(int epoch, long step, int batches, double lossSum, long seen) {
        static final Position START = new Position(0, 0, 0, 0, 0);
    }

    private final Invocation inv;
    private final DataLayout layout;
    private final Settings settings;
    private final TrainingReport report;

    TrainingRun(Invocation inv, DataLayout layout, Settings settings, TrainingReport report) {
        this.inv = inv;
        this.layout = layout;
        this.settings = settings;
        this.report = report;
    }

    /**
     * @param heldOut evaluated after every epoch, or null
     * @param heldOutName {@code val} or {@code test}
     * @param test evaluated once at the end, or null
     * @return the exit code: {@link ModelApp#OK}, or {@link ModelApp#INTERRUPTED} when stopped
     */
    int run(Examples train, Examples heldOut, String heldOutName, Examples test, Preprocessing preprocessing)
            throws IOException {
        CompiledModel model = inv.model();
        Feeder feeder = Feeder.shuffled(model, layout.batchSymbol(), train, settings.batchSize(), settings.seed());
        Evaluator evaluator = new Evaluator(model, layout, settings.batchSize());
        int stepsPerEpoch = feeder.batchesPerEpoch();
        int epochs = settings.epochs() >= 0 ? settings.epochs()
                : (int) Math.min(Integer.MAX_VALUE, (settings.maxSteps() + stepsPerEpoch - 1) / stepsPerEpoch);
        long lastStep = Math.min(settings.maxSteps(), (long) epochs * stepsPerEpoch);

        Checkpoints checkpoints = null;
        Position start = Position.START;
        String resumed = null;
        if (settings.checkpoints() != null) {
            checkpoints = new Checkpoints(settings.checkpoints(), new ModelIdentity(model.spec().name(),
                    model.spec().fingerprint()), Integer.MAX_VALUE);
            Optional<Checkpoints.Checkpoint> latest = checkpoints.latest();
            if (latest.isPresent() && !settings.resume()) {
                throw new CommandException("checkpoint directory " + settings.checkpoints() + " already holds checkpoints"
                        + " (the latest is " + latest.get().file().getFileName() + "): continue that run with --resume, or"
                        + " give an empty directory for a new one");
            }
            if (latest.isPresent()) {
                start = restore(latest.get(), feeder);
                resumed = "resumed from " + latest.get().file() + ": " + start.epoch() + " "
                        + (start.epoch() == 1 ? "epoch" : "epochs") + " done"
                        + (start.batches() > 0 ? " and " + start.batches() + " steps of the next" : "")
                        + ", step " + start.step();
            } else if (settings.resume()) {
                resumed = "no checkpoint in " + settings.checkpoints() + " yet: starting from the beginning";
            }
        }

        report.start(new TrainingReport.Plan(model.name(), Optimizers.describe(model.spec().train(),
                model.learningRate()), feeder.examplesPerEpoch(), settings.batchSize(), stepsPerEpoch, epochs,
                start.epoch(), start.step(), lastStep, settings.logEvery(), heldOut == null ? 0 : heldOut.size()));
        if (resumed != null) {
            report.note(resumed);
        }

        long runStart = inv.nanoTime().getAsLong();
        double[] losses = settings.plot() == null ? null
                : new double[(int) Math.min(Math.max(0, lastStep - start.step()), 1 << 26)];
        List<Long> epochSteps = new ArrayList<>();
        List<Double> heldOutLosses = new ArrayList<>();
        long step = start.step();
        int epoch = start.epoch();
        TrainingReport.Epoch last = null;
        Path lastCheckpoint = null;
        boolean stopped = false;
        inv.stop().install();
        try {
            while (epoch < epochs && step < lastStep) {
                if (inv.stop().requested()) {
                    stopped = true;
                    break;
                }
                long epochStart = inv.nanoTime().getAsLong();
                feeder.startEpoch(epoch);
                int stepInEpoch = 0;
                double sum = 0;
                long seen = 0;
                if (epoch == start.epoch() && start.batches() > 0) {
                    for (; stepInEpoch < start.batches(); stepInEpoch++) {
                        feeder.next(); // the order is the seed's; skip what the checkpoint had done
                    }
                    sum = start.lossSum();
                    seen = start.seen();
                }
                int rows;
                while (step < lastStep && !inv.stop().requested() && (rows = feeder.next()) > 0) {
                    double loss = model.trainStep();
                    if (step == start.step()) {
                        Gemm.vectorModuleHint().ifPresent(report::note); // after the first products ran
                    }
                    sum += loss * rows;
                    seen += rows;
                    if (losses != null && step - start.step() < losses.length) {
                        losses[(int) (step - start.step())] = loss;
                    }
                    report.step(epoch, stepInEpoch, step, rows, loss, sum / seen);
                    step++;
                    stepInEpoch++;
                }
                if (stepInEpoch < stepsPerEpoch) {
                    // Stopped mid-epoch, by Ctrl-C or --steps: save where we are, to resume from.
                    stopped = inv.stop().requested();
                    if (checkpoints != null) {
                        lastCheckpoint = save(checkpoints, new Position(epoch, step, stepInEpoch, sum, seen),
                                feeder.examplesPerEpoch());
                    }
                    break;
                }
                Metrics m = heldOut == null ? null : evaluator.evaluate(heldOut);
                epoch++;
                last = new TrainingReport.Epoch(epoch, epochs, sum / feeder.examplesPerEpoch(), m, heldOutName,
                        (inv.nanoTime().getAsLong() - epochStart) / 1e9);
                report.epoch(last);
                if (m != null) {
                    epochSteps.add(step);
                    heldOutLosses.add(m.loss());
                }
                if (checkpoints != null) {
                    lastCheckpoint = save(checkpoints, new Position(epoch, step, 0, 0, 0), feeder.examplesPerEpoch());
                }
            }
            Metrics testMetrics = test == null || stopped ? null : evaluator.evaluate(test);
            double seconds = (inv.nanoTime().getAsLong() - runStart) / 1e9;
            report.finish(new TrainingReport.Outcome(model.name(), epoch - start.epoch(), step - start.step(), seconds,
                    stopped, last, testMetrics));
            if (stopped) {
                report.note("interrupted after step " + step + ": " + (lastCheckpoint != null ? "wrote checkpoint "
                        + lastCheckpoint + "; continue with --resume" : "no checkpoint written (no --checkpoint)"));
            } else if (lastCheckpoint != null) {
                report.note("wrote checkpoints to " + settings.checkpoints() + " (the latest is "
                        + lastCheckpoint.getFileName() + ")");
            }
            if (settings.weightsOut() != null) {
                WeightsFile.save(model, settings.weightsOut(), preprocessing);
                report.note("wrote weights to " + settings.weightsOut());
            }
            if (losses != null) {
                int n = (int) Math.min(step - start.step(), losses.length);
                LossPlot.write(settings.plot(), LossPlot.svg("loss of " + model.name(), start.step(), losses, n,
                        epochSteps.stream().mapToLong(Long::longValue).toArray(),
                        heldOutLosses.stream().mapToDouble(Double::doubleValue).toArray(),
                        heldOutName.equals("val") ? "validation" : heldOutName));
                report.note("wrote loss plot to " + settings.plot());
            }
            inv.out().flush();
            return stopped ? ModelApp.INTERRUPTED : ModelApp.OK;
        } finally {
            inv.stop().finished();
            inv.stop().uninstall();
        }
    }

    private Path save(Checkpoints checkpoints, Position p, int examples) throws IOException {
        return checkpoints.save(p.epoch(), p.step(), shuffleState(p, examples), inv.model().state());
    }

    /**
     * The checkpoint's opaque RNG string: {@code seed=42;batch=128;examples=5000;batches=17;
     * loss_sum=...;seen=2176}, the loss sum written with Double.toString so it reads back exactly.
     */
    private String shuffleState(Position p, int examples) {
        return "seed=" + settings.seed() + ";batch=" + settings.batchSize() + ";examples=" + examples + ";batches="
                + p.batches() + ";loss_sum=" + p.lossSum() + ";seen=" + p.seen();
    }

    /** Restores the model from a checkpoint and returns where its run stood, after checking it is this run. */
    private Position restore(Checkpoints.Checkpoint c, Feeder feeder) {
        Map<String, String> fields = new HashMap<>();
        for (String part : c.rngState().split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        long seed;
        int batch;
        int n;
        int batches;
        double lossSum;
        long seen;
        try {
            seed = Long.parseLong(fields.get("seed"));
            batch = Integer.parseInt(fields.get("batch"));
            n = Integer.parseInt(fields.get("examples"));
            batches = Integer.parseInt(fields.get("batches"));
            lossSum = Double.parseDouble(fields.get("loss_sum"));
            seen = Long.parseLong(fields.get("seen"));
        } catch (NumberFormatException | NullPointerException e) {
            throw new CommandException("checkpoint " + c.file() + " was not written by nnc's train command (its "
                    + "shuffle state is \"" + c.rngState() + "\"), so it cannot be resumed");
        }
        if (seed != settings.seed() || batch != settings.batchSize() || n != feeder.examplesPerEpoch()) {
            throw new CommandException(String.format(Locale.ROOT, "checkpoint %s comes from a run with seed %d"
                    + " and batch %d on %,d examples, but this run has seed %d and batch %d on %,d examples: resuming"
                    + " would not continue that run (give the same --seed, --batch, data, --limit and --validation,"
                    + " or start a new run in an empty directory)", c.file(), seed, batch, n, settings.seed(),
                    settings.batchSize(), feeder.examplesPerEpoch()));
        }
        if (batches >= feeder.batchesPerEpoch()) {
            throw new CommandException("checkpoint " + c.file() + " says " + batches + " steps of an epoch were done, but"
                    + " an epoch has " + feeder.batchesPerEpoch());
        }
        inv.model().restore(c.tensors());
        return new Position(c.epoch(), c.step(), batches, lossSum, seen);
    }
}
