package dev.nnc.runtime;

import dev.nnc.runtime.ModelSpec.TrainSpec;
import dev.nnc.runtime.TensorSpec.Role;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text form of a {@link ModelSpec}: what a generated class carries and what
 * {@link ModelSpec#parse} reads back. One fact per line, words separated by single spaces:
 *
 * <pre>
 *   nnc-spec 2
 *   model linreg
 *   dtype f64
 *   symbols B
 *   objective loss                      (absent for a model that only predicts)
 *   fingerprint 9c1d0e5b7a3f2c44
 *   train sgd batch 32 epochs 10 seed 42 clip_norm 0.0      (absent without training settings)
 *   hyper lr 0.01                       (one per hyperparameter, sorted by name)
 *   tensor input x f64 [B,2]
 *     values 0.0 1.0 ...                (an input's default, a const's or literal's values)
 *   tensor param W f64 [2,1] init glorot_uniform
 *   tensor param b f64 [1] init uniform args -0.1 0.1
 *   tensor gradient dloss/dW f64 [2,1] of W
 *   end
 * </pre>
 *
 * <p>A tensor line is {@code tensor ROLE NAME DTYPE [DIMS]}, then optionally {@code init KIND},
 * then {@code of TARGET}, then {@code args NUMBER...} to the end of the line; tensors appear in
 * slot order. Values follow their tensor on lines of at most {@value #PER_LINE} numbers, a bare
 * {@code values} standing for an empty array. Numbers are written with {@link Double#toString}
 * and read with {@link Double#parseDouble}, so every double (NaN, infinities, -0.0 too) comes
 * back with the same bits. The closing {@code end} tells a complete spec from a truncated one.
 */
final class SpecText {
    static final String MAGIC = "nnc-spec";
    /**
     * The version written, which is also what the generated class needs of the runtime: it
     * rises when generated code starts to call something an older runtime lacks, so that such
     * a runtime refuses the class with a message when it is constructed, rather than failing
     * in the middle of a step. A runtime reads every version up to its own, as the classes
     * they come with call only what it still has. 2: calls {@code Gemm.biasAdd} and
     * {@code Gemm.reluGrad}.
     */
    static final int VERSION = 2;
    static final int PER_LINE = 16;

    private SpecText() {}

    // ---- writing ------------------------------------------------------------------------

    static String format(ModelSpec spec) {
        StringBuilder out = new StringBuilder();
        out.append(MAGIC).append(' ').append(VERSION).append('\n');
        out.append("model ").append(word("model name", spec.name())).append('\n');
        out.append("dtype ").append(spec.dtype().spelling()).append('\n');
        out.append("symbols");
        for (String s : spec.symbols()) {
            out.append(' ').append(word("symbol", s));
        }
        out.append('\n');
        if (spec.objective() != null) {
            out.append("objective ").append(word("objective", spec.objective())).append('\n');
        }
        out.append("fingerprint ").append(word("fingerprint", spec.fingerprint())).append('\n');
        TrainSpec train = spec.train();
        if (train != null) {
            out.append("train ").append(word("optimizer", train.optimizer()))
                    .append(" batch ").append(train.batch())
                    .append(" epochs ").append(train.epochs())
                    .append(" seed ").append(train.seed())
                    .append(" clip_norm ").append(train.clipNorm()).append('\n');
            // Sorted, so that the same settings always give the same text.
            for (Map.Entry<String, Double> h : new TreeMap<>(train.hyperparameters()).entrySet()) {
                out.append("hyper ").append(word("hyperparameter", h.getKey())).append(' ')
                        .append(h.getValue()).append('\n');
            }
        }
        for (TensorSpec t : spec.tensors()) {
            for (String d : t.dims()) {
                if (!d.isEmpty() && !Character.isDigit(d.charAt(0)) && !spec.symbols().contains(d)) {
                    throw new IllegalArgumentException("cannot write the spec: dimension '" + d + "' of '" + t.name()
                            + "' is not one of the symbols " + spec.symbols());
                }
            }
            tensor(out, t);
        }
        return out.append("end\n").toString();
    }

    private static void tensor(StringBuilder out, TensorSpec t) {
        out.append("tensor ").append(t.role().name().toLowerCase(Locale.ROOT)).append(' ')
                .append(word("tensor name", t.name())).append(' ').append(t.dtype().spelling()).append(" [");
        for (int a = 0; a < t.rank(); a++) {
            out.append(a == 0 ? "" : ",").append(word("dimension of '" + t.name() + "'", t.dims().get(a)));
        }
        out.append(']');
        if (t.init() != null) {
            out.append(" init ").append(word("initialiser of '" + t.name() + "'", t.init()));
        }
        if (t.target() != null) {
            out.append(" of ").append(word("target of '" + t.name() + "'", t.target()));
        }
        if (t.initArgs().length > 0) {
            out.append(" args");
            for (double a : t.initArgs()) {
                out.append(' ').append(a);
            }
        }
        out.append('\n');
        double[] v = t.values();
        if (v != null) {
            int from = 0;
            do {
                out.append("  values");
                for (int i = from; i < Math.min(v.length, from + PER_LINE); i++) {
                    out.append(' ').append(v[i]);
                }
                out.append('\n');
                from += PER_LINE;
            } while (from < v.length);
        }
    }

    /** A name as one word of the text: it must be non-empty and hold no whitespace. */
    private static String word(String what, String s) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("cannot write the spec: " + what + " is " + (s == null ? "null" : "empty"));
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                throw new IllegalArgumentException("cannot write the spec: " + what + " \"" + s + "\" contains whitespace");
            }
        }
        return s;
    }

    // ---- reading ------------------------------------------------------------------------

    static ModelSpec parse(String text) {
        return new Reader(text).spec();
    }

    /** Reads the lines in order; each method consumes one kind of line. */
    private static final class Reader {
        private final String[] lines;
        private int at = -1; // index of the current line
        private String[] words;

        private String name;
        private DType dtype;
        private List<String> symbols;
        private String objective;
        private String fingerprint;
        private String optimizer;
        private int batch;
        private int epochs;
        private long seed;
        private double clipNorm;
        private final Map<String, Double> hyper = new LinkedHashMap<>();
        private final List<TensorSpec> tensors = new ArrayList<>();

        Reader(String text) {
            this.lines = text.split("\n", -1);
        }

        ModelSpec spec() {
            version();
            boolean ended = false;
            TensorBuilder pending = null;
            while (next()) {
                String keyword = words[0];
                if (keyword.equals("values")) {
                    if (pending == null) {
                        throw error("values line does not follow a tensor line");
                    }
                    pending.values(this);
                    continue;
                }
                if (pending != null) {
                    tensors.add(pending.build());
                    pending = null;
                }
                if (!tensors.isEmpty() && !keyword.equals("tensor") && !keyword.equals("end")) {
                    throw error("'" + keyword + "' line after the tensors; only tensor, values and end lines may follow them");
                }
                switch (keyword) {
                    case "model" -> name = once(name, oneWord());
                    case "dtype" -> dtype = once(dtype, dtype(oneWord()));
                    case "symbols" -> symbols = once(symbols, symbols());
                    case "objective" -> objective = once(objective, oneWord());
                    case "fingerprint" -> fingerprint = once(fingerprint, oneWord());
                    case "train" -> train();
                    case "hyper" -> hyper();
                    case "tensor" -> pending = tensor();
                    case "end" -> {
                        expectWords(1);
                        ended = true;
                    }
                    default -> throw error("unknown line '" + keyword + "'; expected model, dtype, symbols, objective,"
                            + " fingerprint, train, hyper, tensor, values or end");
                }
                if (ended) {
                    break;
                }
            }
            if (!ended) {
                throw new IllegalArgumentException("spec text ends at line " + lines.length
                        + " without its 'end' line: it is truncated");
            }
            if (next()) {
                throw error("text after the 'end' line");
            }
            require(name, "model");
            require(dtype, "dtype");
            require(symbols, "symbols");
            require(fingerprint, "fingerprint");
            if (optimizer == null && !hyper.isEmpty()) {
                throw new IllegalArgumentException("spec has hyper lines but no train line");
            }
            TrainSpec train = optimizer == null ? null : new TrainSpec(optimizer, hyper, batch, epochs, seed, clipNorm);
            return new ModelSpec(name, dtype, symbols, tensors, train, objective, fingerprint);
        }

        private void version() {
            if (!next() || !words[0].equals(MAGIC) || words.length != 2) {
                throw new IllegalArgumentException("spec line 1: expected '" + MAGIC + " " + VERSION + "', got '"
                        + (at < lines.length ? lines[at].strip() : "") + "': this is not an nnc model spec");
            }
            int version;
            try {
                version = Integer.parseInt(words[1]);
            } catch (NumberFormatException e) {
                version = -1;
            }
            if (version < 1 || version > VERSION) {
                throw error("spec version " + words[1] + " is not one this runtime reads (it reads versions 1 to "
                        + VERSION + "): compile the model again with this nnc, or use the runtime it was compiled"
                        + " with, such as the copy in its jar");
            }
        }

        /** Moves to the next non-blank line; false at the end of the text. */
        private boolean next() {
            while (++at <= lines.length) {
                if (at == lines.length) {
                    return false;
                }
                String line = lines[at].strip();
                if (!line.isEmpty()) {
                    words = line.split("\\s+");
                    return true;
                }
            }
            return false;
        }

        private void train() {
            if (optimizer != null) {
                throw error("second train line");
            }
            expectWords(10);
            expectKeyword(2, "batch");
            expectKeyword(4, "epochs");
            expectKeyword(6, "seed");
            expectKeyword(8, "clip_norm");
            optimizer = words[1];
            batch = integer(words[3]);
            epochs = integer(words[5]);
            seed = longValue(words[7]);
            clipNorm = number(words[9]);
        }

        private void hyper() {
            expectWords(3);
            if (hyper.put(words[1], number(words[2])) != null) {
                throw error("hyperparameter '" + words[1] + "' is given twice");
            }
        }

        private TensorBuilder tensor() {
            if (words.length < 5) {
                throw error("a tensor line is 'tensor ROLE NAME DTYPE [DIMS]', then optionally init KIND, of TARGET"
                        + " and args NUMBERS");
            }
            TensorBuilder t = new TensorBuilder(role(words[1]), words[2], dtype(words[3]), dims(words[4]));
            int i = 5;
            if (i < words.length && words[i].equals("init")) {
                t.init = argument(++i, "init");
                i++;
            }
            if (i < words.length && words[i].equals("of")) {
                t.target = argument(++i, "of");
                i++;
            }
            if (i < words.length && words[i].equals("args")) {
                t.initArgs = new double[words.length - i - 1];
                for (int k = 0; k < t.initArgs.length; k++) {
                    t.initArgs[k] = number(words[i + 1 + k]);
                }
                i = words.length;
            }
            if (i < words.length) {
                throw error("unexpected '" + words[i] + "' in a tensor line; after the dims come init KIND, of TARGET"
                        + " and args NUMBERS, in that order");
            }
            return t;
        }

        private String argument(int i, String keyword) {
            if (i >= words.length) {
                throw error("'" + keyword + "' needs a word after it");
            }
            return words[i];
        }

        private List<String> dims(String word) {
            if (!word.startsWith("[") || !word.endsWith("]")) {
                throw error("dims '" + word + "' should be written as [B,784] (no spaces), or [] for a scalar");
            }
            String inner = word.substring(1, word.length() - 1);
            if (inner.isEmpty()) {
                return List.of();
            }
            List<String> dims = Arrays.asList(inner.split(",", -1));
            for (String d : dims) {
                if (d.isEmpty()) {
                    throw error("empty dimension in '" + word + "'");
                }
                if (Character.isDigit(d.charAt(0))) {
                    integer(d);
                } else if (symbols == null || !symbols.contains(d)) {
                    throw error("dimension '" + d + "' in '" + word + "' is neither a size nor one of the symbols "
                            + (symbols == null ? "(no symbols line precedes it)" : symbols));
                }
            }
            return dims;
        }

        private List<String> symbols() {
            List<String> list = List.of(Arrays.copyOfRange(words, 1, words.length));
            for (String s : list) {
                if (Character.isDigit(s.charAt(0))) {
                    throw error("symbol '" + s + "' starts with a digit, so it would read as a size");
                }
            }
            if (new java.util.HashSet<>(list).size() != list.size()) {
                throw error("a symbol is listed twice");
            }
            return list;
        }

        private Role role(String word) {
            for (Role r : Role.values()) {
                if (r.name().toLowerCase(Locale.ROOT).equals(word)) {
                    return r;
                }
            }
            throw error("unknown role '" + word + "'; expected one of "
                    + Arrays.stream(Role.values()).map(r -> r.name().toLowerCase(Locale.ROOT)).toList());
        }

        private DType dtype(String word) {
            for (DType d : DType.values()) {
                if (d.spelling().equals(word)) {
                    return d;
                }
            }
            throw error("unknown dtype '" + word + "'; expected f32, f64 or int");
        }

        private String oneWord() {
            expectWords(2);
            return words[1];
        }

        private <T> T once(T previous, T value) {
            if (previous != null) {
                throw error("second '" + words[0] + "' line");
            }
            return value;
        }

        private void require(Object value, String keyword) {
            if (value == null) {
                throw new IllegalArgumentException("spec has no '" + keyword + "' line");
            }
        }

        private void expectWords(int n) {
            if (words.length != n) {
                throw error("a '" + words[0] + "' line has " + n + " words, this one " + words.length);
            }
        }

        private void expectKeyword(int i, String keyword) {
            if (!words[i].equals(keyword)) {
                throw error("expected '" + keyword + "' as word " + (i + 1) + ", got '" + words[i] + "'");
            }
        }

        double number(String word) {
            try {
                return Double.parseDouble(word);
            } catch (NumberFormatException e) {
                throw error("'" + word + "' is not a number");
            }
        }

        private int integer(String word) {
            long v = longValue(word);
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw error("'" + word + "' is not a size (0 to " + Integer.MAX_VALUE + ")");
            }
            return (int) v;
        }

        private long longValue(String word) {
            try {
                return Long.parseLong(word);
            } catch (NumberFormatException e) {
                throw error("'" + word + "' is not an integer");
            }
        }

        private int line() {
            return at + 1;
        }

        IllegalArgumentException error(String message) {
            return new IllegalArgumentException("spec line " + line() + ": " + message + " (line: '" + lines[at].strip() + "')");
        }
    }

    /** A tensor line read, waiting for the values lines that may follow it. */
    private static final class TensorBuilder {
        final Role role;
        final String name;
        final DType dtype;
        final List<String> dims;
        String init;
        String target;
        double[] initArgs = new double[0];
        private double[] values;
        private int count;

        TensorBuilder(Role role, String name, DType dtype, List<String> dims) {
            this.role = role;
            this.name = name;
            this.dtype = dtype;
            this.dims = dims;
        }

        void values(Reader r) {
            if (values == null) {
                values = new double[0];
            }
            String[] words = r.words;
            if (count + words.length - 1 > values.length) {
                values = Arrays.copyOf(values, Math.max(2 * values.length, count + words.length - 1));
            }
            for (int i = 1; i < words.length; i++) {
                values[count++] = r.number(words[i]);
            }
        }

        TensorSpec build() {
            return new TensorSpec(role, name, dtype, dims, init, initArgs, values == null ? null : Arrays.copyOf(values, count),
                    target);
        }
    }
}
