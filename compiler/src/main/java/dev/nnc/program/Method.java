package dev.nnc.program;

import java.util.List;

/**
 * A method of the generated class, returning nothing. The entry methods carry the names the
 * runtime's base class declares ({@link Program#ENTRY_METHODS}) and take no arguments; the rest
 * are kernels. A kernel takes either no arguments, or I32 parameters named in {@code params}
 * (locals of its body): a range method takes two, the first and the end of the range of a
 * loop's index it runs ({@link Stmt.Parallel}). {@code comment} says what it computes and
 * where in the source that comes from.
 */
public record Method(String name, String comment, List<String> params, List<Stmt> body) {
    public Method {
        params = List.copyOf(params);
        body = List.copyOf(body);
    }

    /** A method without parameters. */
    public Method(String name, String comment, List<Stmt> body) {
        this(name, comment, List.of(), body);
    }

    /** Whether this is a range method: two I32 parameters, from and to. */
    public boolean isRange() {
        return params.size() == 2;
    }
}
