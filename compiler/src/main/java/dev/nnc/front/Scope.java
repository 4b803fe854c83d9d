package dev.nnc.front;

import dev.nnc.syntax.Ident;
import dev.nnc.syntax.Stmt;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The top-level names of a program. Names are bound once, in source order; {@code declared}
 * knows every name the file declares anywhere, so a use before the definition gets a better
 * message than "unknown name".
 */
final class Scope {

    enum Role {
        INPUT("input"), PARAM("param"), CONST("const"), VALUE("value");

        final String word;

        Role(String word) {
            this.word = word;
        }
    }

    sealed interface Binding {
        Ident ident();
    }

    /** A value; {@code node} is {@link ExprBuilder#POISON} when its definition had an error. */
    record Value(Ident ident, int node, Role role) implements Binding {}

    record Function(Ident ident, Stmt.Fn decl) implements Binding {}

    private final Map<String, Binding> bound = new LinkedHashMap<>();
    private final Map<String, Ident> declared = new HashMap<>();

    /** Records a declaration seen in the pre-scan; only the first of a name is kept. */
    void declare(Ident ident) {
        declared.putIfAbsent(ident.name(), ident);
    }

    Ident declaration(String name) {
        return declared.get(name);
    }

    Binding lookup(String name) {
        return bound.get(name);
    }

    /** Binds a name, or throws when it is taken. */
    void bind(Binding binding) throws CheckError {
        Ident id = binding.ident();
        Binding previous = bound.get(id.name());
        if (previous != null) {
            throw new CheckError(dev.nnc.diag.Diagnostic.error(id.span(), "'" + id.name() + "' is already defined")
                    .withHint("names are bound once; choose another name")
                    .withNote(previous.ident().span(), "'" + id.name() + "' is first defined here"));
        }
        if (Builtins.lookup(id.name()) != null) {
            throw new CheckError(id.span(), "'" + id.name() + "' is a built-in function and cannot be redefined");
        }
        bound.put(id.name(), binding);
    }

    Set<String> boundNames() {
        return bound.keySet();
    }
}
