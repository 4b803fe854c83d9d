package dev.nnc.optimize;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.autodiff.Differentiate;
import dev.nnc.front.CheckResult;
import dev.nnc.front.Frontend;
import dev.nnc.interp.Evaluation;
import dev.nnc.interp.Interpreter;
import dev.nnc.ir.Dim;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Model;
import dev.nnc.ir.Node;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.ops.Leaves;
import dev.nnc.testing.FiniteDifferences;
import dev.nnc.testing.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** On every sample, the optimised graph gives the same values and gradients as the unoptimised one. */
class OptimizedEquivalenceTest {

    @TestFactory
    Stream<DynamicTest> everySample() throws IOException {
        try (Stream<Path> files = Files.list(Golden.repoFile("samples"))) {
            return files.filter(p -> p.toString().endsWith(".nn")).sorted().toList().stream()
                    .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> compare(p)));
        }
    }

    private static void compare(Path file) throws IOException {
        CheckResult r = Frontend.check(file);
        assertTrue(r.ok());
        Model model = r.model();
        Map<String, Tensor> feeds = feedsFor(model);
        Model derived = model.hasLoss() ? Differentiate.gradients(model, "loss").model() : Differentiate.expandGrads(model);
        Graph optimized = Passes.optimize(derived.graph());
        assertTrue(optimized.size() <= derived.graph().size());
        Model om = new Model(derived.name(), derived.dtype(), optimized, -1, derived.train());
        Evaluation plain = Interpreter.run(derived, feeds);
        Evaluation fast = Interpreter.run(om, feeds);
        for (String name : derived.graph().names().keySet()) {
            double err = FiniteDifferences.relativeError(plain.value(name), fast.value(name));
            assertTrue(err <= 1e-12, file.getFileName() + ": " + name + " differs by " + err);
        }
    }

    /** Defaults where the program has them; seeded random data of batch 3 where it has none. */
    private static Map<String, Tensor> feedsFor(Model model) {
        Random random = new Random(7);
        Map<String, Tensor> feeds = new HashMap<>();
        for (Node n : model.graph().inputs()) {
            Leaves.Input in = (Leaves.Input) n.op();
            if (in.defaultValue() != null) {
                continue;
            }
            int[] shape = n.shape().dims().stream().mapToInt(d -> d instanceof Dim.Fixed f ? f.size() : 3).toArray();
            double[] data = new double[Math.toIntExact(Tensor.count(shape))];
            for (int i = 0; i < data.length; i++) {
                data[i] = n.dtype().isFloat() ? random.nextGaussian() : random.nextInt(2);
            }
            feeds.put(in.inputName(), new Tensor(shape, data));
        }
        return feeds;
    }
}
