package dev.nnc.lower;

import java.util.HashSet;
import java.util.Set;

/**
 * Java identifiers for the generated class: each name made legal (letters, digits, _),
 * never a keyword or a member the base class declares, and never given twice. One instance
 * names the fields; each method gets its own instance for locals, seeded with the field names
 * so that a local never hides a field (the backends keep each array field in a same-named local).
 */
final class Names {
    private static final Set<String> RESERVED = Set.of(
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue",
            "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if",
            "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
            "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this",
            "throw", "throws", "transient", "try", "void", "volatile", "while", "true", "false", "null", "var",
            "yield", "record", "sealed", "permits", "_",
            // Members of GeneratedModel and names the generated code itself uses.
            "learningRate", "updates", "resize", "array", "start", "checkLabel", "symbols", "slot", "Gemm", "Math",
            "Erf", "Float", "Double", "String", "Object");

    private final Set<String> taken = new HashSet<>();
    /** The names this scope must also avoid (a method's locals avoid the fields); null for none. */
    private final Names outer;

    Names() {
        this.outer = null;
    }

    Names(Names outer) {
        this.outer = outer;
    }

    /** A fresh identifier made from {@code wanted}. */
    String fresh(String wanted) {
        String base = legal(wanted);
        String name = base;
        for (int n = 2; RESERVED.contains(name) || (outer != null && outer.isTaken(name)) || !taken.add(name); n++) {
            name = base + "_" + n;
        }
        return name;
    }

    private boolean isTaken(String name) {
        return taken.contains(name) || (outer != null && outer.isTaken(name));
    }

    static String legal(String wanted) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < wanted.length(); i++) {
            char c = wanted.charAt(i);
            boolean ok = i == 0 ? Character.isJavaIdentifierStart(c) : Character.isJavaIdentifierPart(c);
            if (ok && c != '$' && c < 128) {
                sb.append(c);
            } else if (i == 0 && Character.isDigit(c)) {
                sb.append('_').append(c);
            } else {
                sb.append('_');
            }
        }
        return sb.isEmpty() ? "_v" : sb.toString();
    }
}
