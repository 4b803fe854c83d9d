package dev.nnc.testing;

import dev.nnc.autodiff.Differentiate;
import dev.nnc.interp.Interpreter;
import dev.nnc.ir.Model;
import dev.nnc.ir.Tensor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The independent oracle for derivatives: central finite differences of the objective,
 * evaluated by the reference interpreter in double precision, compared with the gradient the
 * differentiation pass built, evaluated by the same interpreter.
 */
public final class FiniteDifferences {

    private FiniteDifferences() {}

    /** What the comparison found for one differentiated value. */
    public record Check(String target, Tensor symbolic, Tensor numeric, double relativeError) {}

    /**
     * For every float param and input of {@code model}, compares d objective / d target at
     * {@code feeds} (plus defaults and initial params).
     */
    public static Map<String, Check> check(Model model, String objective, Map<String, Tensor> feeds) {
        Differentiate.Gradients g = Differentiate.gradients(model, objective);
        var base = Interpreter.run(g.model(), feeds);
        Map<String, Tensor> point = new HashMap<>(feeds);
        for (String t : g.targets()) {
            point.put(t, base.value(t));
        }
        Model forward = Differentiate.expandGrads(model);
        Map<String, Check> out = new LinkedHashMap<>();
        for (int i = 0; i < g.targets().size(); i++) {
            String target = g.targets().get(i);
            Tensor symbolic = base.value(g.gradientNames().get(i));
            Tensor x = point.get(target);
            double[] numeric = new double[x.size()];
            for (int k = 0; k < x.size(); k++) {
                double h = 1e-5 * Math.max(1, Math.abs(x.get(k)));
                double up = objective(forward, objective, point, target, x, k, x.get(k) + h);
                double down = objective(forward, objective, point, target, x, k, x.get(k) - h);
                numeric[k] = (up - down) / (2 * h);
            }
            Tensor num = new Tensor(x.shape(), numeric);
            out.put(target, new Check(target, symbolic, num, relativeError(symbolic, num)));
        }
        return out;
    }

    private static double objective(Model model, String objective, Map<String, Tensor> point, String target,
            Tensor x, int k, double value) {
        double[] data = x.data().clone();
        data[k] = value;
        Map<String, Tensor> feeds = new HashMap<>(point);
        feeds.put(target, new Tensor(x.shape(), data));
        return Interpreter.run(model, feeds).value(objective).item();
    }

    /**
     * ||a - b|| / max(||a||, ||b||), or the absolute difference when both are tiny; infinite
     * when the shapes differ (a gradient must have its variable's shape).
     */
    public static double relativeError(Tensor a, Tensor b) {
        if (!java.util.Arrays.equals(a.shape(), b.shape())) {
            return Double.POSITIVE_INFINITY;
        }
        double diff = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.size(); i++) {
            double d = a.get(i) - b.get(i);
            diff += d * d;
            na += a.get(i) * a.get(i);
            nb += b.get(i) * b.get(i);
        }
        double scale = Math.max(Math.sqrt(Math.max(na, nb)), 1e-3);
        return Math.sqrt(diff) / scale;
    }
}
