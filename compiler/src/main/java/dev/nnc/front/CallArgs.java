package dev.nnc.front;

import dev.nnc.runtime.Spelling;
import dev.nnc.front.Builtins.Kind;
import dev.nnc.front.Builtins.Param;
import dev.nnc.ir.Dim;
import dev.nnc.syntax.Expr;
import dev.nnc.syntax.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments of one call bound to the callee's parameters, positional first, then by
 * keyword, the way Python binds them. Static parameters are read on demand.
 */
final class CallArgs {
    private final String callee;
    private final List<Param> params;
    private final Map<String, Expr> bound;
    private final Span callSpan;

    private CallArgs(String callee, List<Param> params, Map<String, Expr> bound, Span callSpan) {
        this.callee = callee;
        this.params = params;
        this.bound = bound;
        this.callSpan = callSpan;
    }

    static CallArgs bind(String callee, List<Param> params, Expr.Call call) throws CheckError {
        Map<String, Expr> bound = new LinkedHashMap<>();
        List<Expr.Arg> args = call.args();
        boolean anyKeyword = args.stream().anyMatch(Expr.Arg::isKeyword);
        int positional = 0;
        for (Expr.Arg arg : args) {
            if (arg.isKeyword()) {
                continue;
            }
            if (positional >= params.size()) {
                if (!anyKeyword) {
                    throw new CheckError(arg.span(), callee + "() " + takes(params) + " but " + args.size()
                            + (args.size() == 1 ? " was" : " were") + " given");
                }
                throw new CheckError(arg.span(), "too many positional arguments for " + callee + "()");
            }
            bound.put(params.get(positional++).name(), arg.value());
        }
        for (Expr.Arg arg : args) {
            if (!arg.isKeyword()) {
                continue;
            }
            String key = arg.keyword().name();
            Param p = params.stream().filter(q -> q.name().equals(key)).findFirst().orElse(null);
            if (p == null) {
                List<String> names = params.stream().map(Param::name).toList();
                throw new CheckError(arg.keyword().span(), "unknown keyword argument '" + key + "' for " + callee
                        + "()" + Spelling.didYouMean(key, names), signature(callee, params));
            }
            if (bound.containsKey(key)) {
                throw new CheckError(arg.keyword().span(), "argument '" + key + "' of " + callee + "() is given twice");
            }
            bound.put(key, arg.value());
        }
        for (Param p : params) {
            if (p.required() && !bound.containsKey(p.name())) {
                if (!anyKeyword && params.stream().allMatch(Param::required)) {
                    throw new CheckError(call.span(), callee + "() " + takes(params) + " but " + args.size()
                            + (args.size() == 1 ? " was" : " were") + " given", signature(callee, params));
                }
                throw new CheckError(call.span(), callee + "() is missing its argument '" + p.name() + "'",
                        signature(callee, params));
            }
        }
        return new CallArgs(callee, params, bound, call.span());
    }

    private static String takes(List<Param> params) {
        long required = params.stream().filter(Param::required).count();
        int all = params.size();
        if (required == all) {
            return "takes " + all + (all == 1 ? " argument" : " arguments");
        }
        return "takes from " + required + " to " + all + " arguments";
    }

    static String signature(String callee, List<Param> params) {
        StringBuilder sb = new StringBuilder("the signature is " + callee + "(");
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(p.name());
            if (!p.required()) {
                sb.append(" = ").append(defaultText(p));
            }
        }
        return sb.append(")").toString();
    }

    private static String defaultText(Param p) {
        Object d = p.defaultValue();
        if (d == null) {
            return p.kind() == Kind.AXES ? "all" : "none";
        }
        if (d instanceof int[] axes) {
            return Integer.toString(axes[0]);
        }
        return d.toString();
    }

    /** The expressions of the tensor parameters, in parameter order. */
    List<Expr> tensorOperands() {
        List<Expr> out = new ArrayList<>();
        for (Param p : params) {
            if (p.kind() == Kind.TENSOR) {
                out.add(bound.get(p.name()));
            }
        }
        return out;
    }

    private Param param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(callee + " has no parameter " + name));
    }

    private Static value(String name) throws CheckError {
        try {
            return Static.eval(bound.get(name), "'" + name + "' of " + callee + "()");
        } catch (Static.NotStatic e) {
            throw CheckError.of(e);
        }
    }

    double number(String name) throws CheckError {
        if (!bound.containsKey(name)) {
            return (Double) param(name).defaultValue();
        }
        if (value(name) instanceof Static.Num n) {
            return n.value();
        }
        throw new CheckError(bound.get(name).span(), "'" + name + "' of " + callee + "() must be a number");
    }

    boolean bool(String name) throws CheckError {
        if (!bound.containsKey(name)) {
            return (Boolean) param(name).defaultValue();
        }
        if (value(name) instanceof Static.Bool b) {
            return b.value();
        }
        throw new CheckError(bound.get(name).span(), "'" + name + "' of " + callee + "() must be true or false");
    }

    /** The axes to reduce, or null for all of them. */
    int[] axes(String name) throws CheckError {
        if (!bound.containsKey(name)) {
            int[] d = (int[]) param(name).defaultValue();
            return d == null ? null : d.clone();
        }
        Static v = value(name);
        if (v instanceof Static.Num n) {
            return new int[] {integer(n, name)};
        }
        if (v instanceof Static.ListV l) {
            int[] out = new int[l.elements().size()];
            for (int i = 0; i < out.length; i++) {
                if (!(l.elements().get(i) instanceof Static.Num n)) {
                    throw new CheckError(l.elements().get(i).span(), "an axis must be an integer");
                }
                out[i] = integer(n, name);
            }
            return out;
        }
        throw new CheckError(v.span(), "'" + name + "' of " + callee + "() must be an integer or a list of integers");
    }

    int singleAxis(String name) throws CheckError {
        int[] axes = axes(name);
        if (axes == null || axes.length != 1) {
            throw new CheckError(bound.get(name).span(), "'" + name + "' of " + callee + "() must be one integer");
        }
        return axes[0];
    }

    private static int integer(Static.Num n, String name) throws CheckError {
        if (!n.integer() || Math.abs(n.value()) > 1 << 20) {
            throw new CheckError(n.span(), "'" + name + "' must be an integer, found " + n.value());
        }
        return (int) n.value();
    }

    /** A reshape target: integers, symbols such as B, and at most one -1. */
    List<Dim> shape(String name) throws CheckError {
        Expr e = bound.get(name);
        if (!(e instanceof Expr.ListLit list)) {
            throw new CheckError(e.span(), "the shape of " + callee + "() must be a list such as [B, 28, 28]");
        }
        List<Dim> dims = new ArrayList<>();
        Span inferred = null;
        for (Expr d : list.elements()) {
            if (d instanceof Expr.Name n) {
                dims.add(Dim.of(n.name()));
            } else if (d instanceof Expr.Number n && n.integer() && n.value() <= Integer.MAX_VALUE) {
                dims.add(Dim.of((int) n.value()));
            } else if (d instanceof Expr.Negate neg && neg.operand() instanceof Expr.Number n
                    && n.integer() && n.value() == 1) {
                if (inferred != null) {
                    throw new CheckError(d.span(), "only one dimension of a shape can be -1");
                }
                inferred = d.span();
                dims.add(Dim.of(1));
            } else {
                throw new CheckError(d.span(), "a dimension must be a non-negative integer, a symbol such as B, or -1");
            }
        }
        return dims;
    }

    int inferredAxis(String name) {
        Expr e = bound.get(name);
        List<Expr> elements = ((Expr.ListLit) e).elements();
        for (int i = 0; i < elements.size(); i++) {
            if (elements.get(i) instanceof Expr.Negate) {
                return i;
            }
        }
        return -1;
    }

    Span span() {
        return callSpan;
    }
}
