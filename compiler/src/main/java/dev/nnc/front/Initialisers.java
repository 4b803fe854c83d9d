package dev.nnc.front;

import dev.nnc.runtime.Spelling;
import dev.nnc.ir.Init;
import dev.nnc.ir.TensorType;
import dev.nnc.syntax.Expr;
import dev.nnc.syntax.Ident;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads what follows '=' in a param declaration: a literal, or one of the initialisers
 * ({@code zeros}, {@code he_uniform}, {@code uniform(low, high)}, ...), with or without
 * parentheses when it takes no arguments.
 */
final class Initialisers {

    private Initialisers() {}

    static Init read(Expr e, TensorType type, String name) throws CheckError {
        Ident callee = null;
        List<Expr.Arg> args = List.of();
        if (e instanceof Expr.Name n) {
            callee = new Ident(n.name(), n.span());
        } else if (e instanceof Expr.Call c) {
            callee = c.callee();
            args = c.args();
        }
        if (callee == null) {
            Static value;
            try {
                value = Static.eval(e, "the initial value of param '" + name + "'");
            } catch (Static.NotStatic err) {
                throw CheckError.of(err);
            }
            return new Init.Literal(Literals.fit(value, type, "param '" + name + "'", new HashMap<>()));
        }
        String init = callee.name();
        Expr.Call call = e instanceof Expr.Call c ? c : new Expr.Call(callee, List.of(), e.span());
        switch (init) {
            case "zeros", "ones", "glorot_uniform", "glorot_normal", "he_uniform", "he_normal" -> {
                CallArgs.bind(init, List.of(), call);
                return switch (init) {
                    case "zeros" -> new Init.Zeros();
                    case "ones" -> new Init.Ones();
                    case "glorot_uniform" -> new Init.GlorotUniform();
                    case "glorot_normal" -> new Init.GlorotNormal();
                    case "he_uniform" -> new Init.HeUniform();
                    default -> new Init.HeNormal();
                };
            }
            case "uniform" -> {
                CallArgs a = CallArgs.bind(init, List.of(Builtins.Param.number("low", -0.05),
                        Builtins.Param.number("high", 0.05)), call);
                double low = a.number("low");
                double high = a.number("high");
                if (!(low < high)) {
                    throw new CheckError(e.span(), "uniform(low, high) needs low < high, found " + low + " and " + high);
                }
                return new Init.Uniform(low, high);
            }
            case "normal" -> {
                CallArgs a = CallArgs.bind(init, List.of(Builtins.Param.number("mean", 0.0),
                        Builtins.Param.number("std", 0.05)), call);
                double std = a.number("std");
                if (!(std >= 0)) {
                    throw new CheckError(e.span(), "normal(mean, std) needs std >= 0, found " + std);
                }
                return new Init.Normal(a.number("mean"), std);
            }
            default -> {
                Set<String> known = new HashSet<>(Builtins.INITIALISERS);
                throw new CheckError(callee.span(), "unknown initialiser '" + init + "'" + Spelling.didYouMean(init, known),
                        "initialisers are zeros, ones, uniform(low, high), normal(mean, std), glorot_uniform, "
                                + "glorot_normal, he_uniform, he_normal, or a literal");
            }
        }
    }
}
