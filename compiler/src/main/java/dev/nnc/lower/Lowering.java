package dev.nnc.lower;

import dev.nnc.autodiff.Differentiate;
import dev.nnc.ir.Dim;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Init;
import dev.nnc.ir.Model;
import dev.nnc.ir.Node;
import dev.nnc.ir.Optimizer;
import dev.nnc.ir.TrainSettings;
import dev.nnc.ir.ops.Leaves;
import dev.nnc.optimize.DeadCode;
import dev.nnc.optimize.Passes;
import dev.nnc.program.Method;
import dev.nnc.program.Program;
import dev.nnc.program.Stmt;
import dev.nnc.runtime.ModelSpec;
import dev.nnc.runtime.TensorSpec;
import dev.nnc.runtime.TensorSpec.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Graph to Program: a checked model becomes the fields and methods of one generated class.
 *
 * <p>A trainable model gets four functions, each lowered from its own optimised graph:
 * predict (the outputs), evaluate (outputs and loss), gradients (outputs, loss and the
 * gradient of every param) and the optimizer update; and, when updates can be fused into
 * the products of their gradients ({@link FusedStep}), a training step that is the last two
 * in one. {@link Options#inspect} lowers a graph as
 * it is, computing every named value in predict; the commands that print values use it.
 */
public final class Lowering {

    /** The longest spec chunk: a class-file string constant holds 65,535 bytes of modified UTF-8, up to 3 per char. */
    static final int SPEC_CHUNK = 16_000;

    /**
     * @param className the generated class's binary name
     * @param objective the scalar the train step minimises; null for the model's {@code loss}
     * @param inspect lower the graph as given (no differentiation, no optimisation), exposing
     *     every named value as an output
     */
    public record Options(String className, String objective, boolean inspect) {
        public static Options training(String className) {
            return new Options(className, null, false);
        }

        public static Options inspect(String className) {
            return new Options(className, null, true);
        }
    }

    private final Model model;
    private final Options options;
    private final ProgramBuilder pb;

    private Lowering(Model model, Options options) {
        this.model = model;
        this.options = options;
        this.pb = new ProgramBuilder(ProgramBuilder.kind(model.dtype()));
    }

    public static Program lower(Model model, Options options) {
        return new Lowering(model, options).lower();
    }

    private Program lower() {
        Graph source = model.graph();
        for (Node in : source.inputs()) {
            for (Dim d : in.shape().dims()) {
                if (d instanceof Dim.Symbol s) {
                    pb.symbolField(s.name());
                }
            }
        }
        for (Node n : source.inputs()) {
            Leaves.Input in = (Leaves.Input) n.op();
            double[] defaults = in.defaultValue() == null ? null : in.defaultValue().data();
            pb.named.put("input:" + in.inputName(), pb.addTensor(tensor(Role.INPUT, in.inputName(), n, null, defaults),
                    Size.count(n.shape()), "input " + in.inputName() + ": " + n.type()));
        }
        for (Node n : source.params()) {
            Leaves.Param p = (Leaves.Param) n.op();
            pb.named.put("param:" + p.paramName(), pb.addTensor(param(p, n), Size.count(n.shape()),
                    "param " + p.paramName() + ": " + n.type() + " = " + p.init().describe()));
        }
        String objective = options.inspect() ? null : options.objective() != null ? options.objective()
                : model.hasLoss() ? "loss" : null;
        List<Method> entries = new ArrayList<>();
        if (options.inspect()) {
            Map<String, String> exported = new LinkedHashMap<>();
            for (String name : source.names().keySet()) {
                Node n = source.named(name);
                if (!(n.op() instanceof Leaves.Input) && !(n.op() instanceof Leaves.Param)) {
                    exported.put(name, export(Role.OUTPUT, name, n, null));
                }
            }
            List<String> roots = new ArrayList<>(exported.keySet());
            entries.add(function(Program.PREDICT, "computes every named value", DeadCode.run(source, roots), exported));
            entries.add(new Method(Program.EVALUATE, "the model is compiled for inspection: nothing to evaluate",
                    List.of()));
            entries.add(new Method(Program.GRADIENTS, "the model is compiled for inspection: no gradients",
                    List.of()));
            entries.add(new Method(Program.UPDATE, "the model is compiled for inspection: no update", List.of()));
        } else {
            Model expanded = Differentiate.expandGrads(model);
            Graph optimized = Passes.optimize(expanded.graph());
            Map<String, String> outputs = new LinkedHashMap<>();
            for (String name : source.outputs()) {
                outputs.put(name, export(Role.OUTPUT, name, optimized.named(name), null));
            }
            entries.add(function(Program.PREDICT, "computes the outputs from the inputs",
                    DeadCode.run(optimized, outputs.keySet()), outputs));
            if (objective == null) {
                entries.add(new Method(Program.EVALUATE, "the model has no loss", List.of()));
                entries.add(new Method(Program.GRADIENTS, "the model has no loss", List.of()));
                entries.add(new Method(Program.UPDATE, "the model has no loss", List.of()));
            } else {
                trainable(objective, outputs, optimized, entries);
            }
        }
        List<Method> methods = new ArrayList<>(entries);
        methods.addAll(pb.methods);
        List<String> symbols = new ArrayList<>(pb.symbolFields.keySet());
        ModelSpec spec = new ModelSpec(model.name(), ProgramBuilder.runtimeType(model.dtype()), symbols, pb.tensors,
                train(model.train()), objective, ModelSpec.fingerprint(pb.tensors));
        return new Program(options.className(), pb.dtype, chunks(spec.toText()),
                new ArrayList<>(pb.symbolFields.values()), pb.buffers, methods);
    }

    private void trainable(String objective, Map<String, String> outputs, Graph optimized, List<Method> entries) {
        Node loss = optimized.named(objective);
        if (loss == null || !loss.dtype().isFloat() || !loss.shape().isScalar()) {
            throw new IllegalArgumentException("the objective '" + objective + "' must be a float scalar");
        }
        Map<String, String> evaluated = new LinkedHashMap<>(outputs);
        evaluated.put(objective, export(Role.LOSS, objective, loss, null));
        entries.add(function(Program.EVALUATE, "computes the outputs and " + objective,
                DeadCode.run(optimized, evaluated.keySet()), evaluated));

        Differentiate.Gradients grads = Differentiate.gradients(model, objective);
        Graph graph = Passes.optimize(grads.model().graph());
        Map<String, String> step = new LinkedHashMap<>(evaluated);
        List<Updates.Target> targets = new ArrayList<>();
        Optimizer optimizer = model.train().optimizer();
        for (int i = 0; i < grads.targets().size(); i++) {
            String target = grads.targets().get(i);
            Node param = model.graph().named(target);
            if (!(param.op() instanceof Leaves.Param)) {
                continue;
            }
            String gradName = grads.gradientNames().get(i);
            String buffer = export(Role.GRADIENT, gradName, param, target);
            step.put(gradName, buffer);
            List<String> state = new ArrayList<>();
            for (String suffix : Updates.stateNames(optimizer)) {
                state.add(export(Role.STATE, target + "." + suffix, param, target));
            }
            targets.add(new Updates.Target(target, pb.named.get("param:" + target), buffer, state,
                    Size.count(param.shape())));
        }
        Method gradients = function(Program.GRADIENTS, "computes " + objective
                + " and its gradient with respect to every param", DeadCode.run(graph, step.keySet()), step);
        entries.add(gradients);
        double clipNorm = model.train().clipNorm();
        List<Stmt> update = new Updates(pb, optimizer, clipNorm).lower(targets);
        String updateSays = "one " + optimizer.describe() + " update of every param"
                + (clipNorm > 0 ? ", gradients clipped to norm " + clipNorm : "");
        entries.add(new Method(Program.UPDATE, updateSays, update));
        List<Stmt> trainStep = FusedStep.lower(pb, gradients.body(), update, targets, optimizer, clipNorm);
        if (trainStep != null) {
            entries.add(new Method(Program.TRAIN_STEP, "one training step: computes " + objective
                    + " and the gradients, then " + updateSays + ", the updates of params whose gradient is a"
                    + " matrix product fused into that product", trainStep));
        }
    }

    private Method function(String name, String comment, Graph graph, Map<String, String> exported) {
        return new Method(name, comment, new FunctionLowering(pb, graph).lower(name, exported));
    }

    /** The buffer of a tensor the spec exposes, made once per name. */
    private String export(Role role, String name, Node node, String target) {
        String key = role + ":" + name;
        String buffer = pb.named.get(key);
        if (buffer == null) {
            buffer = pb.addTensor(tensor(role, name, node, target, null), Size.count(node.shape()),
                    role.name().toLowerCase(java.util.Locale.ROOT) + " " + name + ": " + node.type());
            pb.named.put(key, buffer);
        }
        return buffer;
    }

    private static TensorSpec tensor(Role role, String name, Node n, String target, double[] values) {
        return new TensorSpec(role, name, ProgramBuilder.runtimeType(n.dtype()), ProgramBuilder.dims(n.shape()), null,
                null, values, target);
    }

    private static TensorSpec param(Leaves.Param p, Node n) {
        Init init = p.init();
        double[] values = init instanceof Init.Literal l ? l.value().data() : null;
        return new TensorSpec(Role.PARAM, p.paramName(), ProgramBuilder.runtimeType(n.dtype()),
                ProgramBuilder.dims(n.shape()), init.runtimeKind(), init.runtimeArguments(), values, null);
    }

    private static ModelSpec.TrainSpec train(TrainSettings t) {
        Map<String, Double> h = new LinkedHashMap<>();
        Optimizer o = t.optimizer();
        String name;
        h.put("lr", o.lr());
        if (o instanceof Optimizer.Sgd s) {
            name = "sgd";
            h.put("momentum", s.momentum());
            h.put("nesterov", s.nesterov() ? 1.0 : 0.0);
            h.put("weight_decay", s.weightDecay());
        } else if (o instanceof Optimizer.Adam a) {
            name = "adam";
            h.put("beta1", a.beta1());
            h.put("beta2", a.beta2());
            h.put("eps", a.eps());
        } else {
            Optimizer.AdamW a = (Optimizer.AdamW) o;
            name = "adamw";
            h.put("beta1", a.beta1());
            h.put("beta2", a.beta2());
            h.put("eps", a.eps());
            h.put("weight_decay", a.weightDecay());
        }
        return new ModelSpec.TrainSpec(name, h, t.batch(), t.epochs(), t.seed(), t.clipNorm());
    }

    static List<String> chunks(String text) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < text.length(); i += SPEC_CHUNK) {
            out.add(text.substring(i, Math.min(text.length(), i + SPEC_CHUNK)));
        }
        if (out.isEmpty()) {
            out.add("");
        }
        return out;
    }
}
