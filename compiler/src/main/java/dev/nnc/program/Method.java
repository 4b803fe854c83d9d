package dev.nnc.program;

import java.util.List;

/**
 * A method of the generated class: no arguments, no result. The entry methods carry the names
 * the runtime's base class declares ({@link Program#ENTRY_METHODS}); the rest are kernels.
 * {@code comment} says what it computes and where in the source that comes from.
 */
public record Method(String name, String comment, List<Stmt> body) {
    public Method {
        body = List.copyOf(body);
    }
}
