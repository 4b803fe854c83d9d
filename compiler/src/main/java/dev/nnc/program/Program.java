package dev.nnc.program;

import java.util.List;

/**
 * What the lowering produces and both backends consume: one generated class, as fields and
 * methods of a tiny structured language. The class extends the runtime's
 * {@code dev.nnc.runtime.GeneratedModel} and is made of:
 *
 * <ul>
 *   <li>a public no-argument constructor: {@code super(specChunks); start();}, where the
 *       chunks joined are the model's spec text (split because a class-file string constant
 *       holds at most 65,535 bytes);</li>
 *   <li>one private I32 field per symbol, named in {@link #symbols} (in the spec's order),
 *       and one private array field per {@link Buffer};</li>
 *   <li>{@code protected void resize(int[] symbols)}: stores each symbol's size, then, for
 *       each buffer in order, allocates {@code new T[size]} when the field is null or shorter
 *       than {@code size};</li>
 *   <li>{@code protected Object array(int slot)}: the buffer whose {@link Buffer#slot()} is
 *       {@code slot}; any other slot throws IllegalArgumentException;</li>
 *   <li>every {@link Method}: the entry methods (named in {@link #ENTRY_METHODS}; a missing
 *       one throws UnsupportedOperationException, except the {@link #OPTIONAL_ENTRY_METHODS},
 *       which are then not generated) are {@code protected void} overrides, the rest {@code private void}, with one {@code int}
 *       parameter per name in {@link Method#params};</li>
 *   <li>when there are range methods ({@link #rangeMethods}),
 *       {@code protected void runRange(int task, int from, int to)}: calls range method
 *       number {@code task} with {@code from} and {@code to}; any other task goes to the base
 *       class's, which throws.</li>
 * </ul>
 *
 * @param className the binary name with dots: {@code nnc.generated.Mazur}
 * @param dtype the model's float kind, F32 or F64
 */
public record Program(String className, Kind dtype, List<String> specChunks, List<String> symbols,
                      List<Buffer> buffers, List<Method> methods) {

    /** The runtime base class generated classes extend (internal name). */
    public static final String BASE_CLASS = "dev/nnc/runtime/GeneratedModel";
    /** The base class's F64 field holding the learning rate the next update uses. */
    public static final String LEARNING_RATE = "learningRate";
    /** The base class's I64 field counting updates, including the one running (Adam's t). */
    public static final String UPDATES = "updates";
    /** The static method of the base class that {@link Expr.CheckLabel} calls. */
    public static final String CHECK_LABEL = "checkLabel";
    public static final String CHECK_LABEL_DESCRIPTOR = "(IIILjava/lang/String;)I";
    /** The base class's static {@code choose(c, a, b)}: a SELECT of two values computed already. */
    public static final String CHOOSE = "choose";

    public static final String PREDICT = "runPredict";
    public static final String EVALUATE = "runEvaluate";
    public static final String GRADIENTS = "runGradients";
    public static final String UPDATE = "runUpdate";
    /**
     * One training step: the gradients, then the update. Optional: without it the base class
     * runs {@link #GRADIENTS} then {@link #UPDATE}. The lowering writes it when the two can be
     * fused ({@link Stmt.GemmSubtract}).
     */
    public static final String TRAIN_STEP = "runTrainStep";
    public static final List<String> ENTRY_METHODS = List.of(PREDICT, EVALUATE, GRADIENTS, UPDATE, TRAIN_STEP);
    /** The entry methods a program may leave out, keeping the base class's. */
    public static final List<String> OPTIONAL_ENTRY_METHODS = List.of(TRAIN_STEP);

    /** The base class's method {@link Stmt.Parallel} calls: (task, count, grain, align). */
    public static final String PARALLEL = "parallel";
    public static final String PARALLEL_DESCRIPTOR = "(IIII)V";
    /** The base class's method a generated class overrides to run range methods. */
    public static final String RUN_RANGE = "runRange";
    public static final String RUN_RANGE_DESCRIPTOR = "(III)V";

    public Program {
        specChunks = List.copyOf(specChunks);
        symbols = List.copyOf(symbols);
        buffers = List.copyOf(buffers);
        methods = List.copyOf(methods);
    }

    /** The class's simple name: {@code Mazur}. */
    public String simpleName() {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** The package, or "" for the unnamed one. */
    public String packageName() {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    public Buffer buffer(String name) {
        for (Buffer b : buffers) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("no buffer " + name);
    }

    /** The range methods, in order: a range method's task number is its index here. */
    public List<String> rangeMethods() {
        List<String> out = new java.util.ArrayList<>();
        for (Method m : methods) {
            if (m.isRange()) {
                out.add(m.name());
            }
        }
        return out;
    }

    public Method method(String name) {
        for (Method m : methods) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("no method " + name);
    }
}
