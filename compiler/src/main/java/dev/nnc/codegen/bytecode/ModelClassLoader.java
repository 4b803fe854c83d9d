package dev.nnc.codegen.bytecode;

import dev.nnc.program.Program;
import dev.nnc.runtime.GeneratedModel;
import java.lang.reflect.InvocationTargetException;

/**
 * A class loader for one generated class, whose parent is the runtime's loader. A class can
 * only be unloaded with its loader, so each model gets its own: once nothing refers to the
 * model, its class and its loader, all three can be garbage collected, and a long-running
 * process that compiles many models does not fill up with their classes.
 */
public final class ModelClassLoader extends ClassLoader {

    private boolean defined;

    public ModelClassLoader() {
        super("nnc-model", GeneratedModel.class.getClassLoader());
    }

    /** Emits {@code program}, defines its class in a fresh loader and calls its constructor. */
    public static GeneratedModel instantiate(Program program) {
        return instantiate(program.className(), Bytecode.emit(program));
    }

    /** Defines {@code classBytes} in a fresh loader and calls the class's no-argument constructor. */
    public static GeneratedModel instantiate(String className, byte[] classBytes) {
        Class<?> c = new ModelClassLoader().defineClass(className, classBytes);
        try {
            return (GeneratedModel) c.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("constructor of " + className + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate " + className, e);
        }
    }

    /**
     * Defines the class; a loader holds one class only.
     *
     * @param name the binary name with dots, as in the class file
     */
    public synchronized Class<?> defineClass(String name, byte[] classBytes) {
        if (defined) {
            throw new IllegalStateException("a ModelClassLoader holds one class; make a new one for " + name);
        }
        defined = true;
        return defineClass(name, classBytes, 0, classBytes.length);
    }
}
