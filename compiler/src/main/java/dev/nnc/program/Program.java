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
 *   <li>every {@link Method}: the entry methods (named in {@link #ENTRY_METHODS}) are
 *       {@code protected void} overrides, the rest {@code private void}.</li>
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

    public static final String PREDICT = "runPredict";
    public static final String EVALUATE = "runEvaluate";
    public static final String GRADIENTS = "runGradients";
    public static final String UPDATE = "runUpdate";
    public static final List<String> ENTRY_METHODS = List.of(PREDICT, EVALUATE, GRADIENTS, UPDATE);

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

    public Method method(String name) {
        for (Method m : methods) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("no method " + name);
    }
}
