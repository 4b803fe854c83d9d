package dev.nnc.runtime.app;

import dev.nnc.runtime.CompiledModel;
import dev.nnc.runtime.ModelSpec;
import dev.nnc.runtime.TensorSpec;
import dev.nnc.runtime.TensorSpec.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code info}: what the model is, from its spec, then the .nn source it was compiled from. */
final class InfoCommand {
    static final Command COMMAND = new Command("info", "Print the model's inputs, params, outputs and training settings,"
            + " then its .nn source.", "", List.of(),
            """
            The tensors are listed with their role, name, dtype and shape (symbolic axes such as B are
            fixed when a batch arrives); params with their initialiser; outputs and the loss, and how
            the command line reads data into the inputs.""",
            InfoCommand::run);

    private InfoCommand() {}

    static int run(Invocation inv, Arguments a) {
        inv.out().print(describe(inv.model(), inv.source()));
        inv.out().flush();
        return ModelApp.OK;
    }

    static String describe(CompiledModel model, String source) {
        ModelSpec spec = model.spec();
        StringBuilder s = new StringBuilder();
        s.append("model ").append(spec.name()).append('\n');
        s.append("dtype ").append(spec.dtype().spelling()).append('\n');
        if (!spec.symbols().isEmpty()) {
            s.append("symbols ").append(String.join(", ", spec.symbols())).append('\n');
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"role", "name", "dtype", "shape", ""});
        for (TensorSpec t : spec.tensors()) {
            String note = switch (t.role()) {
                case INPUT -> t.values() == null ? "" : "has a default";
                case PARAM -> t.init() == null ? "" : t.init();
                case LOSS -> t.name().equals(spec.objective()) || spec.lossSlot() == spec.tensors().indexOf(t)
                        ? "objective" : "";
                default -> "";
            };
            if (t.role() == Role.INPUT || t.role() == Role.PARAM || t.role() == Role.OUTPUT || t.role() == Role.LOSS) {
                rows.add(new String[] {t.role().name().toLowerCase(Locale.ROOT), t.name(), t.dtype().spelling(),
                        t.shapeText(), note});
            }
        }
        table(s, rows);
        long count = 0;
        for (TensorSpec p : spec.params()) {
            count += model.param(p.name()).size();
        }
        s.append(String.format(Locale.ROOT, "parameters %,d in %d %s%n", count, spec.params().size(),
                spec.params().size() == 1 ? "tensor" : "tensors"));
        ModelSpec.TrainSpec train = spec.train();
        if (spec.objective() == null) {
            s.append("no loss: the model predicts only\n");
        } else if (train != null) {
            s.append("optimizer ").append(Optimizers.describe(train, train.learningRate())).append('\n');
            s.append("train batch ").append(train.batch()).append(", epochs ").append(train.epochs()).append(", seed ")
                    .append(train.seed()).append(train.clipNorm() > 0 ? ", clip_norm " + train.clipNorm() : "")
                    .append('\n');
        }
        DataLayout layout = DataLayout.of(spec);
        if (!layout.dataInputs().isEmpty()) {
            List<String> features = layout.features().stream().map(TensorSpec::name).toList();
            s.append("data features ").append(String.join(", ", features));
            if (layout.labels() != null) {
                s.append("; labels ").append(layout.labels().name());
            }
            if (layout.accuracy() == DataLayout.Accuracy.ARGMAX) {
                s.append("; ").append(layout.classes()).append(" classes, predicted by the arg max of ")
                        .append(layout.compared().name());
            } else if (layout.accuracy() == DataLayout.Accuracy.THRESHOLD) {
                s.append("; 0/1 targets, predicted by ").append(layout.compared().name()).append(" > 0.5");
            }
            s.append('\n');
        }
        s.append("fingerprint ").append(spec.fingerprint()).append('\n');
        s.append("\nsource:\n");
        if (source == null || source.isEmpty()) {
            s.append("  (not available)\n");
        } else {
            s.append(source).append(source.endsWith("\n") ? "" : "\n");
        }
        return s.toString();
    }

    /** Rows in aligned columns, indented by two spaces. */
    private static void table(StringBuilder s, List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int c = 0; c < row.length; c++) {
                line.append(row[c]).append(" ".repeat(width[c] - row[c].length() + 2));
            }
            s.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
