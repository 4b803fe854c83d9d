package dev.nnc.runtime.app;

import dev.nnc.runtime.CompiledModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code eval}: loads weights and measures the loss and accuracy over a labelled data set. */
final class EvalCommand {
    static final Option WEIGHTS = Option.value("--weights", "FILE", "The weights to evaluate: a file of train"
            + " --weights-out (or a checkpoint, whose preprocessing is then up to --scale).");
    static final Option JSON = Option.flag("--json", "Print one JSON object instead of text.");

    static final Command COMMAND = new Command("eval", "Measure the loss and accuracy of saved weights on a data set.",
            "--data NAME=FILE|FILE... --weights FILE [OPTIONS]",
            List.of(DataOptions.DATA, WEIGHTS, DataOptions.FEATURES, DataOptions.LABEL, DataOptions.SCALE,
                    DataOptions.LIMIT, DataOptions.BATCH, JSON, Threads.OPTION),
            """
            The data is scaled and normalised as the weights file records that training did, and class
            names are numbered as they were in training. Output:
              evaluated iris on 150 examples
              loss 0.0612345
              accuracy 98.00% (147/150)
            or with --json: {"examples": 150, "loss": 0.0612345, "accuracy": 0.98}, the accuracy null
            (n/a in text) for a model without one.""",
            EvalCommand::run);

    private EvalCommand() {}

    static int run(Invocation inv, Arguments a) throws IOException {
        CompiledModel model = inv.model();
        if (!a.has(DataOptions.DATA.name())) {
            throw new UsageException(a.command(), "eval needs data: --data NAME=FILE or --data FILE");
        }
        Path weights = TrainCommand.path(a, WEIGHTS);
        if (weights == null) {
            throw new UsageException(a.command(), "eval needs the weights to evaluate: --weights FILE");
        }
        int batch = DataOptions.batch(a, model.spec());
        if (a.has(DataOptions.LIMIT.name())) {
            a.intValue(DataOptions.LIMIT.name(), 0, 1);
        }
        DataOptions.scale(a, 1);
        if (model.spec().objective() == null) {
            throw new CommandException("model '" + model.name() + "' has no loss, so there is nothing to evaluate;"
                    + " predict computes its outputs");
        }
        DataLayout layout = DataLayout.of(model.spec());
        Preprocessing prep = WeightsFile.load(model, weights);
        Examples data = load(a, layout, prep, true);
        Metrics m = new Evaluator(model, layout, batch).evaluate(data);
        PrintStream out = inv.out();
        if (a.has(JSON.name())) {
            out.println("{\"examples\": " + m.examples() + ", \"loss\": " + Json.number(m.loss()) + ", \"accuracy\": "
                    + Json.numberOrNull(m.accuracy()) + "}");
        } else {
            out.println(String.format(Locale.ROOT, "evaluated %s on %,d examples", model.name(), m.examples()));
            out.println("loss " + TextReport.loss(m.loss()));
            out.println("accuracy " + TextReport.accuracy(m));
        }
        out.flush();
        return ModelApp.OK;
    }

    /**
     * The data of {@code --data}, loaded as training loaded it: the recorded scale (a different
     * {@code --scale} is refused), normalisation and class names.
     */
    static Examples load(Arguments a, DataLayout layout, Preprocessing prep, boolean needLabels) {
        double scale = prep.scale();
        if (a.has(DataOptions.SCALE.name())) {
            double given = DataOptions.scale(a, 1);
            if (prep.scale() != 1 && given != prep.scale()) {
                throw new CommandException("the weights were trained on data scaled by " + prep.scale() + ", but --scale"
                        + " gives " + given + "; leave --scale out to use the weights' own");
            }
            scale = given;
        }
        DataBinder binder = new DataBinder(layout, a.command());
        Examples data = DataOptions.limit(a, binder.load(DataOptions.request(a, DataOptions.DATA.name(), scale,
                prep.classNames(), needLabels)));
        return DataOptions.normalize(data, prep.normalization());
    }
}
