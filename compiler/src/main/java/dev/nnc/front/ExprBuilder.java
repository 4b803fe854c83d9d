package dev.nnc.front;

import dev.nnc.runtime.Spelling;
import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.Diagnostics;
import dev.nnc.ir.DType;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.ShapeException;
import dev.nnc.ir.ops.Elementwise;
import dev.nnc.ir.ops.Leaves;
import dev.nnc.ir.ops.MatMul;
import dev.nnc.syntax.Expr;
import dev.nnc.syntax.Ident;
import dev.nnc.syntax.Span;
import dev.nnc.syntax.Stmt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns expressions into graph nodes: resolves names, inlines {@code fn} calls, and applies
 * each op's shape rule, reporting what does not fit at the span that caused it.
 *
 * <p>An expression with an error yields {@link #POISON}; anything built on a poisoned value
 * is poisoned silently, so one mistake gives one diagnostic.
 */
final class ExprBuilder {
    static final int POISON = -1;
    /** Inlining can grow a program exponentially; past this size it is a mistake, not a model. */
    static final int MAX_NODES = 1_000_000;

    /** One inlined call in progress: errors inside the body point back to it. */
    private record CallSite(String fn, Span span) {}

    private final Graph graph;
    private final DType dtype;
    private final Scope scope;
    private final Diagnostics diagnostics;
    private final Deque<CallSite> calls = new ArrayDeque<>();
    private final Set<String> reported = new HashSet<>();
    /** The name the current statement defines, for "used in its own definition". */
    private String defining;

    ExprBuilder(Graph graph, DType dtype, Scope scope, Diagnostics diagnostics) {
        this.graph = graph;
        this.dtype = dtype;
        this.scope = scope;
        this.diagnostics = diagnostics;
    }

    /** Lowers a top-level expression of the statement that defines {@code name}. */
    int lower(Expr e, String name) {
        defining = name;
        try {
            return lower(e, Map.of());
        } finally {
            defining = null;
        }
    }

    void report(CheckError error) {
        report(error.diagnostic);
    }

    private int report(Diagnostic d) {
        for (CallSite c : calls) {
            d = d.withNote(c.span(), "in this call to '" + c.fn() + "'");
        }
        // A function called twice with the same mistake reports it once.
        String key = d.span() == null ? d.message() : d.span().offset() + ":" + d.message();
        if (reported.add(key)) {
            diagnostics.report(d);
        }
        return POISON;
    }

    private int lower(Expr e, Map<String, Integer> locals) {
        try {
            if (e instanceof Expr.Number n) {
                return constant(n.value(), n.span());
            }
            if (e instanceof Expr.Bool b) {
                throw new CheckError(b.span(), "'" + b.value() + "' is not a tensor value",
                        "true and false are for settings such as keepdims = true");
            }
            if (e instanceof Expr.ListLit l) {
                return listConstant(l);
            }
            if (e instanceof Expr.Name n) {
                return name(n, locals);
            }
            if (e instanceof Expr.Negate neg) {
                if (neg.operand() instanceof Expr.Number n) {
                    return constant(-n.value(), neg.span());
                }
                int x = lower(neg.operand(), locals);
                return add(Elementwise.neg(), List.of(x), List.of(neg.operand().span()), neg.span());
            }
            if (e instanceof Expr.Binary b) {
                int l = lower(b.left(), locals);
                int r = lower(b.right(), locals);
                return add(binaryOp(b.op()), List.of(l, r), List.of(b.left().span(), b.right().span()), b.span());
            }
            if (e instanceof Expr.Call c) {
                return call(c, locals);
            }
            throw new IllegalStateException("unknown expression " + e);
        } catch (CheckError err) {
            return report(err.diagnostic);
        }
    }

    private static Op binaryOp(Expr.BinaryOp op) {
        return switch (op) {
            case ADD -> Elementwise.add();
            case SUB -> Elementwise.sub();
            case MUL -> Elementwise.mul();
            case DIV -> Elementwise.div();
            case POW -> Elementwise.pow();
            case MATMUL -> MatMul.matmul();
        };
    }

    private int constant(double value, Span span) {
        return graph.add(Leaves.Constant.scalar(value, dtype), List.of(), span).id();
    }

    private int listConstant(Expr.ListLit l) throws CheckError {
        Static value;
        try {
            value = Static.eval(l, "a list in an expression");
        } catch (Static.NotStatic e) {
            throw CheckError.of(e);
        }
        var t = Literals.tensor(value, "this list");
        return graph.add(new Leaves.Constant(t, dtype), List.of(), l.span()).id();
    }

    /** Applies an op, turning a shape-rule failure into a diagnostic at the right span. */
    private int add(Op op, List<Integer> operands, List<Span> spans, Span span) {
        if (operands.contains(POISON)) {
            return POISON;
        }
        try {
            return graph.add(op, operands, span).id();
        } catch (ShapeException e) {
            Span at = e.operand() >= 0 && e.operand() < spans.size() ? spans.get(e.operand()) : span;
            Diagnostic d = Diagnostic.error(at, e.getMessage());
            return report(e.hint() == null ? d : d.withHint(e.hint()));
        }
    }

    private int name(Expr.Name n, Map<String, Integer> locals) throws CheckError {
        String name = n.name();
        Integer local = locals.get(name);
        if (local != null) {
            return local;
        }
        Scope.Binding b = scope.lookup(name);
        if (b instanceof Scope.Value v) {
            return v.node();
        }
        if (b instanceof Scope.Function f) {
            throw new CheckError(n.span(), "'" + name + "' is a function; call it as " + name + "("
                    + String.join(", ", f.decl().params().stream().map(Ident::name).toList()) + ")");
        }
        if (Builtins.lookup(name) != null) {
            throw new CheckError(n.span(), "'" + name + "' is a built-in function; call it as " + name + "(...)");
        }
        if (Builtins.INITIALISERS.contains(name)) {
            throw new CheckError(n.span(), "'" + name + "' is an initialiser; it can only follow '=' in a param declaration");
        }
        throw unknownName(n.span(), name, locals);
    }

    private CheckError unknownName(Span span, String name, Map<String, Integer> locals) {
        Ident decl = scope.declaration(name);
        if (decl != null && name.equals(defining) && calls.isEmpty()) {
            return new CheckError(span, "'" + name + "' is used in its own definition",
                    "names are bound once; give the new value another name");
        }
        if (decl != null) {
            return new CheckError(Diagnostic.error(span, "'" + name + "' is used before its definition")
                    .withHint("move the definition of '" + name + "' above this line")
                    .withNote(decl.span(), "'" + name + "' is defined here"));
        }
        Set<String> candidates = new TreeSet<>(scope.boundNames());
        candidates.addAll(locals.keySet());
        return new CheckError(span, "unknown name '" + name + "'" + Spelling.didYouMean(name, candidates));
    }

    private int call(Expr.Call c, Map<String, Integer> locals) throws CheckError {
        String name = c.callee().name();
        Scope.Binding b = scope.lookup(name);
        if (b instanceof Scope.Function f) {
            return inline(f.decl(), c, locals);
        }
        if (b instanceof Scope.Value || locals.containsKey(name)) {
            throw new CheckError(c.callee().span(), "'" + name + "' is a value, not a function");
        }
        Builtins.Builtin builtin = Builtins.lookup(name);
        if (builtin != null) {
            return builtin(builtin, c, locals);
        }
        if (Builtins.INITIALISERS.contains(name)) {
            throw new CheckError(c.callee().span(), "'" + name + "' is an initialiser; it can only follow '=' in a param declaration");
        }
        if (Builtins.OPTIMIZERS.contains(name)) {
            throw new CheckError(c.callee().span(), "'" + name + "' is an optimizer; it belongs in the train block: optimizer = " + name + "(...)");
        }
        Ident decl = scope.declaration(name);
        if (decl != null) {
            return report(Diagnostic.error(c.callee().span(), "'" + name + "' is used before its definition")
                    .withHint("move the definition of '" + name + "' above this line")
                    .withNote(decl.span(), "'" + name + "' is defined here"));
        }
        Set<String> candidates = new TreeSet<>(Builtins.names());
        for (String s : scope.boundNames()) {
            if (scope.lookup(s) instanceof Scope.Function) {
                candidates.add(s);
            }
        }
        throw new CheckError(c.callee().span(), "unknown function '" + name + "'" + Spelling.didYouMean(name, candidates));
    }

    private int builtin(Builtins.Builtin builtin, Expr.Call c, Map<String, Integer> locals) throws CheckError {
        CallArgs args = CallArgs.bind(builtin.name(), builtin.params(), c);
        Op op = builtin.factory().make(args);
        List<Expr> operandExprs = args.tensorOperands();
        List<Integer> operands = new ArrayList<>();
        List<Span> spans = new ArrayList<>();
        for (Expr operand : operandExprs) {
            operands.add(lower(operand, locals));
            spans.add(operand.span());
        }
        if (builtin.name().equals("grad") && operands.get(1) != POISON) {
            checkGradTarget(operandExprs.get(1), graph.node(operands.get(1)));
        }
        return add(op, operands, spans, c.span());
    }

    /** grad(f, v) differentiates with respect to something that is fed or stored, never derived. */
    private void checkGradTarget(Expr v, Node node) throws CheckError {
        if (node.op() instanceof Leaves.Input || node.op() instanceof Leaves.Param) {
            return;
        }
        String what = v instanceof Expr.Name n ? "'" + n.name() + "'" : "this expression";
        if (node.op() instanceof Leaves.Constant) {
            throw new CheckError(v.span(), "cannot take grad with respect to " + what + ": a const has no gradient",
                    "declare it as a param (trainable) or an input to differentiate with respect to it");
        }
        throw new CheckError(v.span(), "cannot take grad with respect to " + what + ": it is an intermediate value",
                "grad(f, v) needs v to be an input or a param; differentiate with respect to the input or "
                        + "param it is computed from");
    }

    private int inline(Stmt.Fn fn, Expr.Call c, Map<String, Integer> locals) throws CheckError {
        String name = fn.name().name();
        for (CallSite site : calls) {
            if (site.fn().equals(name)) {
                throw new CheckError(Diagnostic.error(c.span(), "function '" + name + "' calls itself")
                        .withHint("functions are inlined at each call, so they cannot be recursive"));
            }
        }
        List<Builtins.Param> params = new ArrayList<>();
        for (Ident p : fn.params()) {
            params.add(Builtins.Param.tensor(p.name()));
        }
        CallArgs args = CallArgs.bind(name, params, c);
        List<Expr> operandExprs = args.tensorOperands();
        Map<String, Integer> inner = new HashMap<>();
        boolean poisoned = false;
        for (int i = 0; i < fn.params().size(); i++) {
            int value = lower(operandExprs.get(i), locals);
            poisoned |= value == POISON;
            inner.put(fn.params().get(i).name(), value);
        }
        if (poisoned) {
            return POISON;
        }
        if (graph.size() > MAX_NODES) {
            throw new CheckError(c.span(), "inlining this call makes the program larger than " + MAX_NODES + " nodes",
                    "functions are inlined at every call; a chain of functions that each call the next twice grows exponentially");
        }
        calls.push(new CallSite(name, c.span()));
        try {
            return lower(fn.body(), inner);
        } finally {
            calls.pop();
        }
    }
}
