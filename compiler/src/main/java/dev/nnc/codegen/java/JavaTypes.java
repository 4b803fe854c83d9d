package dev.nnc.codegen.java;

import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import java.util.List;
import java.util.TreeSet;

/**
 * How the generated source names the classes it uses: by simple name, imported unless in
 * {@code java.lang}; or fully qualified where the generated class itself has that simple name
 * (a model called {@code Math} must write {@code java.lang.Math.exp}). Records the imports.
 */
final class JavaTypes {
    private final String className;
    private final TreeSet<String> imports = new TreeSet<>();

    /** @param className the generated class's simple name */
    JavaTypes(String className) {
        this.className = className;
    }

    String name(Class<?> type) {
        if (type.getSimpleName().equals(className)) {
            return type.getName();
        }
        if (!type.getPackageName().equals("java.lang")) {
            imports.add(type.getName());
        }
        return type.getSimpleName();
    }

    ClassOrInterfaceType type(Class<?> type) {
        ClassOrInterfaceType t = null;
        for (String part : name(type).split("\\.")) {
            t = new ClassOrInterfaceType(t, part);
        }
        return t;
    }

    /** The class as the scope of a static member: {@code Math}, {@code java.lang.Math}. */
    Expression scope(Class<?> type) {
        Expression e = null;
        for (String part : name(type).split("\\.")) {
            e = e == null ? new NameExpr(part) : new FieldAccessExpr(e, part);
        }
        return e;
    }

    /** A static field: {@code Float.NaN}. */
    Expression constant(Class<?> type, String field) {
        return new FieldAccessExpr(scope(type), field);
    }

    /** A static method call: {@code Math.exp(x)}. */
    MethodCallExpr call(Class<?> type, String method, Expression... args) {
        return new MethodCallExpr(scope(type), method, new NodeList<>(args));
    }

    /** The classes to import, sorted by name. */
    List<String> imports() {
        return List.copyOf(imports);
    }
}
