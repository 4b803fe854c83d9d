package dev.nnc.codegen.java;

import dev.nnc.program.Buffer;
import dev.nnc.program.Method;
import dev.nnc.program.Program;
import dev.nnc.runtime.GeneratedModel;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import javax.lang.model.SourceVersion;

/**
 * The Java names of a Program's fields and methods. The bytecode backend may use any name the
 * JVM accepts, Java keywords included, and a field named {@code Math} does no harm in a class
 * file; in Java source it would hide {@code Math.exp}. So every name the Program chose is kept
 * when Java allows it, and otherwise gets a suffix: {@code final} becomes {@code final_}, a
 * second {@code x} in one scope {@code x_1}. The runtime reaches arrays by slot and kernels are
 * private, so no name outside the class changes.
 */
final class JavaNames {
    /**
     * Names a field or local must not take: the simple names of the types the source mentions
     * (a variable would obscure them), the first segments of qualified names, the inherited
     * fields, and the parameters of {@code resize} and {@code array}.
     */
    static final Set<String> RESERVED = Set.of(
            "Math", "Float", "Double", "String", "Object", "Override", "IllegalArgumentException",
            "AbstractMethodError", "GeneratedModel", "Gemm", "Erf", "java", "dev",
            Program.LEARNING_RATE, Program.UPDATES, "symbols", "slot");

    private final Set<String> fieldsTaken = new HashSet<>(RESERVED);
    private final Map<String, String> symbols = new LinkedHashMap<>();
    private final Map<String, String> buffers = new LinkedHashMap<>();
    private final Map<String, String> methods = new HashMap<>();

    JavaNames(Program program) {
        for (String s : program.symbols()) {
            if (symbols.containsKey(s)) {
                throw new IllegalArgumentException("symbol " + s + " is declared twice");
            }
            symbols.put(s, fresh(s, fieldsTaken));
        }
        for (Buffer b : program.buffers()) {
            if (buffers.containsKey(b.name())) {
                throw new IllegalArgumentException("buffer " + b.name() + " is declared twice");
            }
            buffers.put(b.name(), fresh(b.name(), fieldsTaken));
        }
        Set<String> methodsTaken = inheritedMethodNames();
        for (Method m : program.methods()) {
            if (methods.containsKey(m.name())) {
                throw new IllegalArgumentException("method " + m.name() + " is declared twice");
            }
            boolean entry = Program.ENTRY_METHODS.contains(m.name());
            methods.put(m.name(), entry ? m.name() : fresh(m.name(), methodsTaken));
        }
    }

    String symbol(String name) {
        return lookup(symbols, name, "symbol");
    }

    String buffer(String name) {
        return lookup(buffers, name, "buffer");
    }

    String method(String name) {
        return lookup(methods, name, "method");
    }

    /**
     * The Java name of a new local: never a field's (so a field reference in the method still
     * reaches the field) nor one of the locals in scope (Java forbids shadowing a local).
     */
    String local(String name, Set<String> inScope) {
        return fresh(name, n -> fieldsTaken.contains(n) || inScope.contains(n));
    }

    private static String fresh(String name, Set<String> taken) {
        String javaName = fresh(name, taken::contains);
        taken.add(javaName);
        return javaName;
    }

    /**
     * {@code name} made a Java identifier, then suffixed {@code _1}, {@code _2}, ... until
     * {@code taken} refuses it no more.
     */
    private static String fresh(String name, Predicate<String> taken) {
        String base = identifier(name);
        String candidate = base;
        for (int n = 1; taken.test(candidate); n++) {
            candidate = base + "_" + n;
        }
        return candidate;
    }

    /**
     * Characters Java does not allow in an identifier become {@code _}; a keyword (or literal,
     * or {@code _}) gets a trailing {@code _}.
     */
    static String identifier(String name) {
        if (name.isEmpty()) {
            return "_0";
        }
        StringBuilder out = new StringBuilder();
        name.codePoints().forEach(c -> out.appendCodePoint(
                out.isEmpty() ? (Character.isJavaIdentifierStart(c) ? c : '_')
                        : (Character.isJavaIdentifierPart(c) ? c : '_')));
        String id = out.toString();
        return SourceVersion.isName(id) ? id : id + "_";
    }

    /**
     * Every method name a kernel must avoid: a private {@code predict()} would clash with the
     * public one it inherits, and the generated {@code resize}, {@code array} and entry
     * methods are taken.
     */
    private static Set<String> inheritedMethodNames() {
        Set<String> names = new HashSet<>(Program.ENTRY_METHODS);
        names.add("resize");
        names.add("array");
        for (var m : GeneratedModel.class.getMethods()) {
            names.add(m.getName());
        }
        for (Class<?> c = GeneratedModel.class; c != null; c = c.getSuperclass()) {
            for (var m : c.getDeclaredMethods()) {
                if (!Modifier.isPrivate(m.getModifiers())) {
                    names.add(m.getName());
                }
            }
        }
        return names;
    }

    private static String lookup(Map<String, String> names, String name, String what) {
        String javaName = names.get(name);
        if (javaName == null) {
            throw new IllegalArgumentException("no " + what + " " + name + " in the program");
        }
        return javaName;
    }
}
