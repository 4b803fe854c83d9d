package dev.nnc.lower;

import dev.nnc.Nnc;
import dev.nnc.front.Frontend;
import dev.nnc.ir.Dim;
import dev.nnc.ir.Model;
import dev.nnc.ir.Node;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.ops.Leaves;
import dev.nnc.runtime.CompiledModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The programs the compiler is checked on: every sample, every example of the language page,
 * and the programs under test resources that exercise each op, axis pattern and optimizer.
 */
public final class TestPrograms {
    private static final Pattern BLOCK = Pattern.compile("```nn\\n(.*?)```", Pattern.DOTALL);

    /** A program's name and text. */
    public record Source(String name, String text) {
        public Model model() {
            return Nnc.checked(Frontend.check(name, text.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private TestPrograms() {}

    public static Source fromText(String name, String text) {
        return new Source(name, text);
    }

    public static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("samples"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the project root from " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    public static Stream<Source> all() {
        List<Source> out = new ArrayList<>();
        try {
            Path root = root();
            try (Stream<Path> files = Files.list(root.resolve("samples"))) {
                files.filter(f -> f.toString().endsWith(".nn")).sorted().forEach(f -> out.add(read(root, f)));
            }
            try (Stream<Path> files = Files.list(root.resolve("compiler/src/test/resources/programs"))) {
                files.filter(f -> f.toString().endsWith(".nn")).sorted().forEach(f -> out.add(read(root, f)));
            }
            String doc = Files.readString(root.resolve("docs/language.md"));
            Matcher m = BLOCK.matcher(doc);
            int n = 0;
            while (m.find()) {
                n++;
                out.add(new Source("language_block_" + n, m.group(1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.stream();
    }

    /**
     * Seeded random programs: a chain of values over a batch, each made from earlier ones by a
     * random function, operator, matrix product, softmax or reduction, summed into a loss.
     */
    public static Stream<Source> random(int count) {
        List<Source> out = new ArrayList<>();
        String[] unary = {"tanh", "sigmoid", "relu", "softplus", "gelu", "exp", "sin", "abs", "elu", "leaky_relu"};
        String[] binary = {"+", "-", "*", "maximum", "minimum"};
        for (int p = 0; p < count; p++) {
            Random r = new Random(1000 + p);
            StringBuilder sb = new StringBuilder("model random" + p + "\n");
            sb.append(r.nextBoolean() ? "dtype f64\n" : "dtype f32\n");
            sb.append("input x: [B, 3]\nparam W: [3, 3] = uniform(-1, 1)\nparam b: [3] = uniform(-1, 1)\n");
            sb.append("v0 = x @ W + b\n");
            int values = 1;
            for (int i = 0; i < 2 + r.nextInt(6); i++) {
                String a = "v" + r.nextInt(values);
                String b = "v" + r.nextInt(values);
                String e = switch (r.nextInt(7)) {
                    case 0, 1 -> unary[r.nextInt(unary.length)] + "(" + a + ")";
                    case 2 -> {
                        String op = binary[r.nextInt(binary.length)];
                        yield op.length() == 1 ? a + " " + op + " " + b : op + "(" + a + ", " + b + ")";
                    }
                    case 3 -> a + " @ W";
                    case 4 -> "softmax(" + a + ", axis = " + r.nextInt(2) + ")";
                    case 5 -> a + " * b";
                    default -> a + " - mean(" + b + ", axis = " + r.nextInt(2) + ", keepdims = true)";
                };
                sb.append("v").append(values++).append(" = ").append(e).append("\n");
            }
            sb.append("loss = sum(v").append(values - 1).append(") + mean(v0 * v").append(r.nextInt(values))
                    .append(")\n");
            out.add(new Source("random_" + p, sb.toString()));
        }
        return out.stream();
    }

    private static Source read(Path root, Path f) {
        try {
            return new Source(root.relativize(f).toString(), Files.readString(f));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The size the tests give each symbol an input leaves open. */
    public static int symbolSize(Model model, String symbol) {
        for (Node n : model.graph().inputs()) {
            Leaves.Input in = (Leaves.Input) n.op();
            if (in.defaultValue() != null) {
                for (int a = 0; a < n.shape().rank(); a++) {
                    if (n.shape().dim(a) instanceof Dim.Symbol s && s.name().equals(symbol)) {
                        return in.defaultValue().dim(a);
                    }
                }
            }
        }
        return 3;
    }

    /**
     * A value for every input: its default, or seeded random numbers (floats in [-2, 2], labels
     * 0 or 1) at the symbol sizes the tests use.
     */
    /**
     * A batch of random inputs for a classifier with inputs {@code x: [B, features]} and
     * {@code y: int[B]} over 10 classes: x Gaussian, then the labels, from one seeded Random.
     */
    public static void feedClassifier(CompiledModel m, int features, int batch, long seed) {
        Random r = new Random(seed);
        float[] x = new float[batch * features];
        int[] y = new int[batch];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < batch; i++) {
            y[i] = r.nextInt(10);
        }
        m.setBatch(batch);
        m.input("x").copyFrom(x);
        m.input("y").copyFrom(y);
    }

    public static Map<String, Tensor> feeds(Model model, long seed) {
        Random random = new Random(seed);
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (Node n : model.graph().inputs()) {
            Leaves.Input in = (Leaves.Input) n.op();
            if (in.defaultValue() != null) {
                feeds.put(in.inputName(), in.defaultValue());
                continue;
            }
            int[] shape = new int[n.shape().rank()];
            for (int a = 0; a < shape.length; a++) {
                Dim d = n.shape().dim(a);
                shape[a] = d instanceof Dim.Symbol s ? symbolSize(model, s.name()) : d.size();
            }
            double[] values = new double[Math.toIntExact(Tensor.count(shape))];
            for (int i = 0; i < values.length; i++) {
                values[i] = n.dtype().isFloat() ? random.nextDouble() * 4 - 2 : random.nextInt(2);
                if (n.dtype() == dev.nnc.ir.DType.F32) {
                    values[i] = (float) values[i];
                }
            }
            feeds.put(in.inputName(), new Tensor(shape, values));
        }
        return feeds;
    }
}
