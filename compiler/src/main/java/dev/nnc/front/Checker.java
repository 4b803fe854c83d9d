package dev.nnc.front;

import dev.nnc.runtime.Spelling;
import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.Diagnostics;
import dev.nnc.ir.DType;
import dev.nnc.ir.Dim;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Init;
import dev.nnc.ir.Model;
import dev.nnc.ir.Node;
import dev.nnc.ir.Shape;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.TensorType;
import dev.nnc.ir.TrainSettings;
import dev.nnc.ir.ops.Leaves;
import dev.nnc.syntax.Expr;
import dev.nnc.syntax.Ident;
import dev.nnc.syntax.Program;
import dev.nnc.syntax.Span;
import dev.nnc.syntax.Stmt;
import dev.nnc.syntax.TypeExpr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a parsed program statement by statement and builds its graph: declarations become
 * leaves, named values become nodes, the train block becomes typed settings.
 */
final class Checker {
    private final Program program;
    private final Diagnostics diagnostics;
    private final Scope scope = new Scope();
    private final Graph graph = new Graph();
    private DType dtype = DType.F32;
    private String modelName;
    private ExprBuilder exprs;
    private TrainSettings train = TrainSettings.defaults();
    private Stmt.Train trainStmt;
    /** Sizes that input defaults give to symbolic dimensions, and which input set each. */
    private final Map<String, Integer> defaultDims = new HashMap<>();
    private final Map<String, String> defaultDimSource = new HashMap<>();

    Checker(Program program, Diagnostics diagnostics) {
        this.program = program;
        this.diagnostics = diagnostics;
    }

    /** The checked model, or null when there were errors. */
    Model check() {
        List<Stmt> statements = program.statements();
        if (statements.isEmpty()) {
            diagnostics.report(Diagnostic.error(new Span(program.file(), 0, 0), "empty file: there is nothing to compile")
                    .withHint("a model declares its inputs and params and defines a loss or an output; see docs/language.md"));
            return null;
        }
        prescan(statements);
        exprs = new ExprBuilder(graph, dtype, scope, diagnostics);
        for (Stmt s : statements) {
            try {
                statement(s);
            } catch (CheckError e) {
                exprs.report(e);
                poison(s);
            }
        }
        if (trainStmt != null) {
            try {
                train = TrainBlock.read(trainStmt);
            } catch (CheckError e) {
                diagnostics.report(e.diagnostic);
            }
        }
        if (diagnostics.hasErrors()) {
            return null;
        }
        Node loss = graph.named("loss");
        String name = modelName != null ? modelName : defaultName(program.file().name());
        return new Model(name, dtype, graph, loss == null ? -1 : loss.id(), train);
    }

    private static String defaultName(String fileName) {
        String base = java.nio.file.Path.of(fileName).getFileName().toString();
        return base.endsWith(".nn") ? base.substring(0, base.length() - 3) : base;
    }

    /** model and dtype first (dtype types every constant), then every declared name. */
    private void prescan(List<Stmt> statements) {
        Stmt.Model model = null;
        Stmt.Dtype dt = null;
        for (Stmt s : statements) {
            if (s instanceof Stmt.Model m) {
                if (model != null) {
                    diagnostics.report(Diagnostic.error(m.span(), "the model is named twice")
                            .withNote(model.span(), "first named here"));
                } else {
                    model = m;
                    modelName = m.name().name();
                }
            } else if (s instanceof Stmt.Dtype d) {
                if (dt != null) {
                    diagnostics.report(Diagnostic.error(d.span(), "dtype is set twice")
                            .withNote(dt.span(), "first set here"));
                } else {
                    dt = d;
                    dtype = floatType(d.name());
                }
            } else if (s instanceof Stmt.Train t) {
                if (trainStmt != null) {
                    diagnostics.report(Diagnostic.error(t.span(), "a model has one train block")
                            .withNote(trainStmt.span(), "the first train block is here"));
                } else {
                    trainStmt = t;
                }
            }
            Ident declared = declaredName(s);
            if (declared != null) {
                scope.declare(declared);
            }
        }
    }

    private static Ident declaredName(Stmt s) {
        if (s instanceof Stmt.Input i) {
            return i.name();
        } else if (s instanceof Stmt.Param p) {
            return p.name();
        } else if (s instanceof Stmt.Const c) {
            return c.name();
        } else if (s instanceof Stmt.Fn f) {
            return f.name();
        } else if (s instanceof Stmt.Let l) {
            return l.name();
        }
        return null;
    }

    private DType floatType(Ident name) {
        switch (name.name()) {
            case "f32":
                return DType.F32;
            case "f64":
                return DType.F64;
            default:
                diagnostics.report(Diagnostic.error(name.span(), "unknown dtype '" + name.name() + "'"
                        + Spelling.didYouMean(name.name(), List.of("f32", "f64")))
                        .withHint("a model computes in f32 (the default) or f64"));
                return DType.F32;
        }
    }

    private void statement(Stmt s) throws CheckError {
        if (s instanceof Stmt.Input i) {
            input(i);
        } else if (s instanceof Stmt.Param p) {
            param(p);
        } else if (s instanceof Stmt.Const c) {
            constant(c);
        } else if (s instanceof Stmt.Fn f) {
            function(f);
        } else if (s instanceof Stmt.Let l) {
            let(l);
        }
        // model, dtype and train were read by the pre-scan.
    }

    /**
     * Binds the name of a declaration that failed, with no value, so that its uses stay quiet
     * instead of each reporting the same mistake again as an unknown name.
     */
    private void poison(Stmt s) {
        Ident name = declaredName(s);
        if (name != null && scope.lookup(name.name()) == null && Builtins.lookup(name.name()) == null) {
            try {
                scope.bind(new Scope.Value(name, ExprBuilder.POISON, Scope.Role.VALUE));
            } catch (CheckError impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    private TensorType type(TypeExpr t) throws CheckError {
        DType element = dtype;
        if (t.element() != null) {
            String e = t.element().name();
            switch (e) {
                case "int" -> element = DType.I32;
                case "f32", "f64" -> {
                    if (!e.equals(dtype.spelling())) {
                        throw new CheckError(t.element().span(), "a " + e + " tensor in an " + dtype + " model",
                                "a model computes in one float type; set it with 'dtype " + e + "' or leave the element type out");
                    }
                }
                default -> throw new CheckError(t.element().span(), "unknown element type '" + e + "'"
                        + Spelling.didYouMean(e, List.of("int", "f32", "f64")),
                        "write int[...] for class labels, or [...] for the model's float type");
            }
        }
        List<Dim> dims = new ArrayList<>();
        for (TypeExpr.Dim d : t.dims()) {
            if (d instanceof TypeExpr.Size size) {
                dims.add(Dim.of(size.value()));
            } else {
                dims.add(Dim.of(((TypeExpr.Symbol) d).name()));
            }
        }
        return new TensorType(element, new Shape(dims));
    }

    private Static literal(Expr e, String what) throws CheckError {
        try {
            return Static.eval(e, what);
        } catch (Static.NotStatic err) {
            throw CheckError.of(err);
        }
    }

    private void input(Stmt.Input s) throws CheckError {
        String name = s.name().name();
        TensorType type = type(s.type());
        Tensor value = null;
        if (s.init() != null) {
            Map<String, Integer> dims = new LinkedHashMap<>();
            value = Literals.fit(literal(s.init(), "the default value of input '" + name + "'"), type,
                    "input '" + name + "'", dims);
            for (Map.Entry<String, Integer> d : dims.entrySet()) {
                Integer other = defaultDims.putIfAbsent(d.getKey(), d.getValue());
                if (other != null && !other.equals(d.getValue())) {
                    throw new CheckError(s.init().span(), "the default value of '" + name + "' makes " + d.getKey() + " = "
                            + d.getValue() + ", but the default of '" + defaultDimSource.get(d.getKey()) + "' makes it " + other,
                            "default values of inputs form one batch, so they agree on every symbolic dimension");
                }
                defaultDimSource.putIfAbsent(d.getKey(), name);
            }
        }
        Node node = graph.add(new Leaves.Input(name, type, value), List.of(), s.span());
        bind(s.name(), node.id(), Scope.Role.INPUT);
    }

    private void param(Stmt.Param s) throws CheckError {
        String name = s.name().name();
        TensorType type = type(s.type());
        if (type.dtype() == DType.I32) {
            throw new CheckError(s.type().span(), "param '" + name + "' cannot be an integer tensor",
                    "params are trained by gradients, so they hold floats");
        }
        if (!type.shape().isFixed()) {
            throw new CheckError(s.type().span(), "param '" + name + "' has a symbolic dimension: " + type.shape(),
                    "params keep their shape across batches; only inputs can have dimensions such as B");
        }
        Init init = s.init() == null ? new Init.Zeros() : Initialisers.read(s.init(), type, name);
        Node node = graph.add(new Leaves.Param(name, type, init), List.of(), s.span());
        bind(s.name(), node.id(), Scope.Role.PARAM);
    }

    private void constant(Stmt.Const s) throws CheckError {
        String name = s.name().name();
        Static value = literal(s.value(), "const '" + name + "'");
        Tensor t;
        DType element = dtype;
        if (s.type() != null) {
            TensorType type = type(s.type());
            if (!type.shape().isFixed()) {
                throw new CheckError(s.type().span(), "const '" + name + "' has a symbolic dimension: " + type.shape(),
                        "a const has one fixed value; only inputs can have dimensions such as B");
            }
            element = type.dtype();
            t = Literals.fit(value, type, "const '" + name + "'", new HashMap<>());
        } else {
            t = Literals.tensor(value, "const '" + name + "'");
        }
        Node node = graph.add(new Leaves.Constant(t, element), List.of(), s.span());
        bind(s.name(), node.id(), Scope.Role.CONST);
    }

    private void function(Stmt.Fn s) throws CheckError {
        Set<String> seen = new HashSet<>();
        for (Ident p : s.params()) {
            if (!seen.add(p.name())) {
                throw new CheckError(p.span(), "parameter '" + p.name() + "' is listed twice in '" + s.name().name() + "'");
            }
        }
        scope.bind(new Scope.Function(s.name(), s));
    }

    private void let(Stmt.Let s) throws CheckError {
        String name = s.name().name();
        int node = exprs.lower(s.value(), name);
        if (node != ExprBuilder.POISON && name.equals("loss")) {
            TensorType t = graph.node(node).type();
            if (!t.dtype().isFloat()) {
                exprs.report(new CheckError(s.value().span(), "loss must be a float scalar, found an integer tensor"));
                node = ExprBuilder.POISON;
            } else if (!t.shape().isScalar()) {
                exprs.report(new CheckError(s.value().span(), "loss must be a scalar, found " + t.shape(),
                        "reduce it to one number, for example loss = mean(...) or loss = sum(...)"));
                node = ExprBuilder.POISON;
            }
        }
        bind(s.name(), node, Scope.Role.VALUE);
        if (s.output() && node != ExprBuilder.POISON) {
            graph.markOutput(name);
        }
    }

    private void bind(Ident name, int node, Scope.Role role) throws CheckError {
        scope.bind(new Scope.Value(name, node, role));
        if (node != ExprBuilder.POISON) {
            graph.bind(name.name(), node);
        }
    }
}
