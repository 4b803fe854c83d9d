package dev.nnc.lower;

import dev.nnc.ir.Optimizer;
import dev.nnc.ir.ops.Scalar.Fn;
import dev.nnc.program.Expr;
import dev.nnc.program.Kind;
import dev.nnc.program.Program;
import dev.nnc.program.Stmt;
import java.util.ArrayList;
import java.util.List;

/**
 * The optimizer update, fused per parameter: one loop over a param reads its gradient, updates
 * its optimizer state and the param in place. The rules and defaults are PyTorch's
 * ({@code torch.optim.SGD}, {@code Adam}, {@code AdamW}, {@code clip_grad_norm_}), so a run can
 * be checked against it. Scalars that are the same for every element (bias corrections, the
 * clipping factor) are computed once per update, in double.
 */
final class Updates {

    /** One param of the update: its buffer, its gradient's, its optimizer state's, its element count. */
    record Target(String name, String param, String gradient, List<String> state, Size size) {}

    /** PyTorch's clip_grad_norm_ adds this to the norm before dividing. */
    static final double CLIP_EPSILON = 1e-6;

    private final ProgramBuilder pb;
    private final Optimizer optimizer;
    private final double clipNorm;
    private final Kind k;

    Updates(ProgramBuilder pb, Optimizer optimizer, double clipNorm) {
        this.pb = pb;
        this.optimizer = optimizer;
        this.clipNorm = clipNorm;
        this.k = pb.dtype;
    }

    /** Names of the state buffers each param needs, as suffixes: {@code W1.momentum}. */
    static List<String> stateNames(Optimizer optimizer) {
        if (optimizer instanceof Optimizer.Sgd s) {
            return s.momentum() != 0 ? List.of("momentum") : List.of();
        }
        return List.of("adam_m", "adam_v");
    }

    /** The statements of {@code runUpdate}. */
    List<Stmt> lower(List<Target> targets) {
        List<Stmt> entry = new ArrayList<>();
        String scale = null;
        if (clipNorm > 0) {
            scale = pb.addBuffer("clipScale", Kind.F64, Size.ONE, -1,
                    "the factor clip_norm scales this update's gradients by");
            entry.add(invoke("clip_norm", "the global gradient norm, and the factor that brings it down to "
                    + clipNorm + " (1 when it is already below)", clip(targets, scale)));
        }
        for (Target t : targets) {
            entry.add(invoke("update_" + Names.legal(t.name()), optimizer.describe() + " applied to " + t.name(),
                    update(t, scale)));
        }
        return entry;
    }

    private Stmt invoke(String wanted, String comment, List<Stmt> body) {
        String name = pb.methodName(wanted);
        pb.addMethod(new dev.nnc.program.Method(name, comment, body));
        return new Stmt.Invoke(name);
    }

    private List<Stmt> clip(List<Target> targets, String scale) {
        Names locals = new Names(pb.fields);
        List<Stmt> body = new ArrayList<>();
        String sq = locals.fresh("squares");
        Expr sqv = Exprs.local(sq, Kind.F64);
        body.add(new Stmt.Declare(sq, Kind.F64, Exprs.constant(Kind.F64, 0)));
        for (Target t : targets) {
            String i = locals.fresh("i");
            Expr g = Exprs.convert(new Expr.Load(t.gradient(), k, Exprs.local(i, Kind.I32)), Kind.F64);
            body.add(new Stmt.For(i, Exprs.i32(0), pb.size(t.size()), List.of(new Stmt.Assign(sq,
                    Exprs.apply(Fn.ADD, Kind.F64, sqv, Exprs.apply(Fn.MUL, Kind.F64, g, g))))));
        }
        Expr norm = Exprs.apply(Fn.SQRT, Kind.F64, sqv);
        Expr coefficient = Exprs.apply(Fn.DIV, Kind.F64, Exprs.constant(Kind.F64, clipNorm),
                Exprs.apply(Fn.ADD, Kind.F64, norm, Exprs.constant(Kind.F64, CLIP_EPSILON)));
        body.add(new Stmt.Store(scale, Exprs.i32(0),
                Exprs.apply(Fn.MIN, Kind.F64, coefficient, Exprs.constant(Kind.F64, 1))));
        return body;
    }

    private List<Stmt> update(Target t, String scale) {
        Names locals = new Names(pb.fields);
        List<Stmt> body = new ArrayList<>();
        String lr = locals.fresh("lr");
        body.add(new Stmt.Declare(lr, Kind.F64, new Expr.Field(Program.LEARNING_RATE, Kind.F64, true)));
        Expr lrv = Exprs.local(lr, Kind.F64);
        String i = locals.fresh("i");
        Expr iv = Exprs.local(i, Kind.I32);
        List<Stmt> loop = new ArrayList<>();
        Expr g = new Expr.Load(t.gradient(), k, iv);
        if (scale != null) {
            String s = local(locals, body, "scale", Exprs.convert(new Expr.Load(scale, Kind.F64, Exprs.i32(0)), k));
            g = mul(g, Exprs.local(s, k));
        }
        Expr p = new Expr.Load(t.param(), k, iv);
        String gl = locals.fresh("g");
        loop.add(new Stmt.Declare(gl, k, g));
        Expr gv = Exprs.local(gl, k);
        if (optimizer instanceof Optimizer.Sgd sgd) {
            Expr d = gv;
            if (sgd.weightDecay() != 0) {
                d = add(gv, mul(constant(sgd.weightDecay()), p));
            }
            if (sgd.momentum() != 0) {
                String dl = locals.fresh("d");
                loop.add(new Stmt.Declare(dl, k, d));
                Expr dv = Exprs.local(dl, k);
                String buf = t.state().get(0);
                Expr velocity = add(mul(constant(sgd.momentum()), new Expr.Load(buf, k, iv)), dv);
                String vl = locals.fresh("v");
                loop.add(new Stmt.Declare(vl, k, velocity));
                Expr vv = Exprs.local(vl, k);
                loop.add(new Stmt.Store(buf, iv, vv));
                d = sgd.nesterov() ? add(dv, mul(constant(sgd.momentum()), vv)) : vv;
            }
            String lrk = local(locals, body, "step", Exprs.convert(lrv, k));
            loop.add(new Stmt.Store(t.param(), iv, sub(p, mul(Exprs.local(lrk, k), d))));
        } else {
            double beta1;
            double beta2;
            double eps;
            double decay = 0;
            if (optimizer instanceof Optimizer.Adam a) {
                beta1 = a.beta1();
                beta2 = a.beta2();
                eps = a.eps();
            } else {
                Optimizer.AdamW a = (Optimizer.AdamW) optimizer;
                beta1 = a.beta1();
                beta2 = a.beta2();
                eps = a.eps();
                decay = a.weightDecay();
            }
            Expr steps = Exprs.convert(new Expr.Field(Program.UPDATES, Kind.I64, true), Kind.F64);
            Expr one = Exprs.constant(Kind.F64, 1);
            Expr correction1 = Exprs.apply(Fn.SUB, Kind.F64, one,
                    Exprs.apply(Fn.POW, Kind.F64, Exprs.constant(Kind.F64, beta1), steps));
            Expr correction2 = Exprs.apply(Fn.SUB, Kind.F64, one,
                    Exprs.apply(Fn.POW, Kind.F64, Exprs.constant(Kind.F64, beta2), steps));
            String stepSize = local(locals, body, "stepSize",
                    Exprs.convert(Exprs.apply(Fn.DIV, Kind.F64, lrv, correction1), k));
            String root2 = local(locals, body, "correction2Root",
                    Exprs.convert(Exprs.apply(Fn.SQRT, Kind.F64, correction2), k));
            Expr param = p;
            if (decay != 0) {
                String keep = local(locals, body, "keep", Exprs.convert(Exprs.apply(Fn.SUB, Kind.F64, one,
                        Exprs.apply(Fn.MUL, Kind.F64, lrv, Exprs.constant(Kind.F64, decay))), k));
                String decayed = locals.fresh("p");
                loop.add(new Stmt.Declare(decayed, k, mul(p, Exprs.local(keep, k))));
                param = Exprs.local(decayed, k);
            }
            String mBuf = t.state().get(0);
            String vBuf = t.state().get(1);
            String m = locals.fresh("m");
            String v = locals.fresh("v");
            loop.add(new Stmt.Declare(m, k, add(mul(constant(beta1), new Expr.Load(mBuf, k, iv)),
                    mul(constant(1 - beta1), gv))));
            loop.add(new Stmt.Declare(v, k, add(mul(constant(beta2), new Expr.Load(vBuf, k, iv)),
                    mul(mul(constant(1 - beta2), gv), gv))));
            Expr mv = Exprs.local(m, k);
            Expr vv = Exprs.local(v, k);
            loop.add(new Stmt.Store(mBuf, iv, mv));
            loop.add(new Stmt.Store(vBuf, iv, vv));
            Expr denominator = add(Exprs.apply(Fn.DIV, k, Exprs.apply(Fn.SQRT, k, vv), Exprs.local(root2, k)),
                    constant(eps));
            loop.add(new Stmt.Store(t.param(), iv, sub(param,
                    mul(Exprs.local(stepSize, k), Exprs.apply(Fn.DIV, k, mv, denominator)))));
        }
        // Element i of the param and of its state is updated from element i alone.
        body.add(new Stmt.For(i, Exprs.i32(0), pb.size(t.size()), loop, true));
        return body;
    }

    private static String local(Names locals, List<Stmt> body, String wanted, Expr value) {
        String name = locals.fresh(wanted);
        body.add(new Stmt.Declare(name, value.kind(), value));
        return name;
    }

    private Expr constant(double v) {
        return Exprs.constant(k, v);
    }

    private Expr add(Expr a, Expr b) {
        return Exprs.apply(Fn.ADD, k, a, b);
    }

    private Expr sub(Expr a, Expr b) {
        return Exprs.apply(Fn.SUB, k, a, b);
    }

    private Expr mul(Expr a, Expr b) {
        return Exprs.apply(Fn.MUL, k, a, b);
    }
}
