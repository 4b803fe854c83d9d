package dev.nnc.front;

import dev.nnc.runtime.Spelling;
import dev.nnc.diag.Diagnostic;
import dev.nnc.ir.Optimizer;
import dev.nnc.ir.TrainSettings;
import dev.nnc.syntax.Expr;
import dev.nnc.syntax.Ident;
import dev.nnc.syntax.Stmt;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads a {@code train { ... }} block into typed {@link TrainSettings}, with PyTorch's defaults. */
final class TrainBlock {

    static final List<String> KEYS = List.of("optimizer", "batch", "epochs", "seed", "clip_norm");

    private TrainBlock() {}

    static TrainSettings read(Stmt.Train block) throws CheckError {
        TrainSettings defaults = TrainSettings.defaults();
        Optimizer optimizer = defaults.optimizer();
        int batch = defaults.batch();
        int epochs = defaults.epochs();
        long seed = defaults.seed();
        double clipNorm = defaults.clipNorm();
        Map<String, Stmt.Setting> seen = new HashMap<>();
        for (Stmt.Setting s : block.settings()) {
            String key = s.key().name();
            Stmt.Setting first = seen.putIfAbsent(key, s);
            if (first != null) {
                throw new CheckError(Diagnostic.error(s.key().span(), "train setting '" + key + "' is set twice")
                        .withNote(first.key().span(), "first set here"));
            }
            switch (key) {
                case "optimizer" -> optimizer = optimizer(s.value());
                case "batch" -> batch = (int) positiveInteger(s, Integer.MAX_VALUE);
                case "epochs" -> epochs = (int) positiveInteger(s, Integer.MAX_VALUE);
                case "seed" -> seed = integer(s);
                case "clip_norm" -> clipNorm = positive(number(s.value(), "clip_norm"), s.value(), "clip_norm");
                default -> throw new CheckError(s.key().span(), "unknown train setting '" + key + "'"
                        + Spelling.didYouMean(key, KEYS), "train settings are " + String.join(", ", KEYS));
            }
        }
        return new TrainSettings(optimizer, batch, epochs, seed, clipNorm);
    }

    private static Static value(Expr e, String what) throws CheckError {
        try {
            return Static.eval(e, what);
        } catch (Static.NotStatic err) {
            throw CheckError.of(err);
        }
    }

    private static double number(Expr e, String what) throws CheckError {
        if (value(e, what) instanceof Static.Num n) {
            return n.value();
        }
        throw new CheckError(e.span(), what + " must be a number");
    }

    private static long integer(Stmt.Setting s) throws CheckError {
        String key = s.key().name();
        if (value(s.value(), key) instanceof Static.Num n && n.integer() && Math.abs(n.value()) < 0x1p53) {
            return (long) n.value();
        }
        throw new CheckError(s.value().span(), key + " must be an integer");
    }

    private static long positiveInteger(Stmt.Setting s, long max) throws CheckError {
        String key = s.key().name();
        Static v = value(s.value(), key);
        if (v instanceof Static.Num n && n.integer() && n.value() >= 1 && n.value() <= max) {
            return (long) n.value();
        }
        String found = v instanceof Static.Num n ? Double.toString(n.value()) : Static.describe(v);
        throw new CheckError(s.value().span(), key + " must be a positive integer, found " + found);
    }

    private static double positive(double v, Expr e, String what) throws CheckError {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new CheckError(e.span(), what + " must be a positive number, found " + v);
        }
        return v;
    }

    private static double fraction(double v, Expr e, String what) throws CheckError {
        if (!(v >= 0 && v < 1)) {
            throw new CheckError(e.span(), what + " must be in [0, 1), found " + v);
        }
        return v;
    }

    private static double nonNegative(double v, Expr e, String what) throws CheckError {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new CheckError(e.span(), what + " must be zero or positive, found " + v);
        }
        return v;
    }

    private static Optimizer optimizer(Expr e) throws CheckError {
        Ident callee;
        Expr.Call call;
        if (e instanceof Expr.Call c) {
            callee = c.callee();
            call = c;
        } else if (e instanceof Expr.Name n) {
            callee = new Ident(n.name(), n.span());
            call = new Expr.Call(callee, List.of(), n.span());
        } else {
            throw new CheckError(e.span(), "optimizer must be sgd(...), adam(...) or adamw(...)");
        }
        String name = callee.name();
        switch (name) {
            case "sgd" -> {
                CallArgs a = CallArgs.bind(name, List.of(Builtins.Param.number("lr", Double.NaN),
                        Builtins.Param.number("momentum", 0), Builtins.Param.bool("nesterov", false),
                        Builtins.Param.number("weight_decay", 0)), call);
                double lr = a.number("lr");
                if (Double.isNaN(lr)) {
                    throw new CheckError(call.span(), "sgd needs a learning rate", "write sgd(lr = 0.1)");
                }
                double momentum = fraction(a.number("momentum"), arg(call, "momentum", 1), "momentum");
                boolean nesterov = a.bool("nesterov");
                if (nesterov && momentum == 0) {
                    throw new CheckError(arg(call, "nesterov", 2).span(), "nesterov needs a momentum above 0",
                            "write sgd(lr = 0.1, momentum = 0.9, nesterov = true)");
                }
                return new Optimizer.Sgd(positive(lr, arg(call, "lr", 0), "lr"), momentum, nesterov,
                        nonNegative(a.number("weight_decay"), arg(call, "weight_decay", 3), "weight_decay"));
            }
            case "adam", "adamw" -> {
                var params = new java.util.ArrayList<>(List.of(Builtins.Param.number("lr", 0.001),
                        Builtins.Param.number("beta1", 0.9), Builtins.Param.number("beta2", 0.999),
                        Builtins.Param.number("eps", 1e-8)));
                if (name.equals("adamw")) {
                    params.add(Builtins.Param.number("weight_decay", 0.01));
                }
                CallArgs a = CallArgs.bind(name, params, call);
                double lr = positive(a.number("lr"), arg(call, "lr", 0), "lr");
                double beta1 = fraction(a.number("beta1"), arg(call, "beta1", 1), "beta1");
                double beta2 = fraction(a.number("beta2"), arg(call, "beta2", 2), "beta2");
                double eps = positive(a.number("eps"), arg(call, "eps", 3), "eps");
                if (name.equals("adam")) {
                    return new Optimizer.Adam(lr, beta1, beta2, eps);
                }
                double wd = nonNegative(a.number("weight_decay"), arg(call, "weight_decay", 4), "weight_decay");
                return new Optimizer.AdamW(lr, beta1, beta2, eps, wd);
            }
            default -> throw new CheckError(callee.span(), "unknown optimizer '" + name + "'"
                    + Spelling.didYouMean(name, Builtins.OPTIMIZERS), "optimizers are sgd, adam and adamw");
        }
    }

    /** The argument expression for a parameter, for pointing at it; the call when it is defaulted. */
    private static Expr arg(Expr.Call call, String name, int position) {
        int positional = 0;
        for (Expr.Arg a : call.args()) {
            if (a.isKeyword() ? a.keyword().name().equals(name) : positional++ == position) {
                return a.value();
            }
        }
        return call;
    }
}
