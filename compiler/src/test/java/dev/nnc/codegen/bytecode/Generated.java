package dev.nnc.codegen.bytecode;

import dev.nnc.program.Program;
import dev.nnc.runtime.GeneratedModel;
import dev.nnc.runtime.ModelSpec;
import dev.nnc.testing.GeneratedClasses;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;

/**
 * A generated class in a test: emitted, checked, loaded; and its protected protocol and private
 * fields reached by reflection, so a test can look at exactly what the generated code did.
 */
final class Generated {

    private Generated() {}

    /** Emits, checks ({@link GeneratedClasses#assertValid}) and instantiates the program. */
    static GeneratedModel instantiate(Program program) {
        byte[] bytes = Bytecode.emit(program);
        GeneratedClasses.assertValid(bytes);
        return ModelClassLoader.instantiate(program.className(), bytes);
    }

    /** The spec's text split into {@code n} chunks of about equal length, as a class would carry it. */
    static List<String> chunks(ModelSpec spec, int n) {
        String text = spec.toText();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(text.substring(text.length() * i / n, text.length() * (i + 1) / n));
        }
        return out;
    }

    /** A private field of the generated class: a buffer's array or a symbol's size. */
    @SuppressWarnings("unchecked")
    static <T> T field(GeneratedModel model, String name) {
        try {
            Field f = model.getClass().getDeclaredField(name);
            f.setAccessible(true);
            return (T) f.get(model);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Calls a protected method of the protocol ({@code runGradients}, {@code array}, {@code resize}). */
    static Object call(GeneratedModel model, String method, Object... args) {
        Class<?>[] types = new Class<?>[args.length];
        for (int i = 0; i < args.length; i++) {
            types[i] = args[i] instanceof Integer ? int.class : args[i].getClass();
        }
        try {
            java.lang.reflect.Method m = GeneratedModel.class.getDeclaredMethod(method, types);
            m.setAccessible(true);
            return m.invoke(model, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    static void resize(GeneratedModel model, int... sizes) {
        call(model, "resize", (Object) sizes);
    }

    static Object array(GeneratedModel model, int slot) {
        return call(model, "array", slot);
    }
}
