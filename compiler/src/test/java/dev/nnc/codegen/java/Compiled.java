package dev.nnc.codegen.java;

import dev.nnc.program.Buffer;
import dev.nnc.program.Ir;
import dev.nnc.program.Kind;
import dev.nnc.program.Method;
import dev.nnc.program.Program;
import dev.nnc.runtime.DType;
import dev.nnc.runtime.GeneratedModel;
import dev.nnc.runtime.ModelSpec;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/** Compiling test programs and looking inside the instances. */
final class Compiled {
    private Compiled() {}

    /** {@code text} cut into {@code n} pieces of about equal length (n >= 1). */
    static List<String> chunks(String text, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(text.substring(text.length() * i / n, text.length() * (i + 1) / n));
        }
        return out;
    }

    /**
     * A program whose spec lists no tensors, only symbols; the test reads and writes its
     * buffers through {@link #array}. Entry methods it lacks are empty.
     */
    static Program internal(String className, Kind dtype, List<String> symbols, List<Buffer> buffers,
                            List<Method> methods) {
        ModelSpec spec = ModelSpec.of(className.substring(className.lastIndexOf('.') + 1),
                dtype == Kind.F64 ? DType.F64 : DType.F32, symbols, List.of(), null, null);
        return new Program(className, dtype, List.of(spec.toText()), symbols, buffers, Ir.withEntries(methods));
    }

    static GeneratedModel instantiate(Program program) {
        return SourceCompiler.instantiate(program);
    }

    /** The array a buffer field of a generated model holds, found by its Java name. */
    @SuppressWarnings("unchecked")
    static <T> T array(Object model, String field) {
        try {
            Field f = model.getClass().getDeclaredField(field);
            f.setAccessible(true);
            return (T) f.get(model);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no field " + field + " in " + model.getClass(), e);
        }
    }

    /** Copies values into the array a buffer field holds. */
    static void fill(Object model, String field, Object values) {
        Object target = array(model, field);
        System.arraycopy(values, 0, target, 0, java.lang.reflect.Array.getLength(values));
    }
}
