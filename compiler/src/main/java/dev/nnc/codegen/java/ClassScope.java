package dev.nnc.codegen.java;

import dev.nnc.program.Buffer;
import dev.nnc.program.Program;
import java.util.HashMap;
import java.util.Map;

/** What every part of one generated class shares: the program, its Java names, its types. */
record ClassScope(Program program, JavaNames names, JavaTypes types, Map<String, Buffer> buffers) {

    static ClassScope of(Program program) {
        Map<String, Buffer> buffers = new HashMap<>();
        for (Buffer b : program.buffers()) {
            buffers.put(b.name(), b);
        }
        return new ClassScope(program, new JavaNames(program), new JavaTypes(program.simpleName()), buffers);
    }

    Buffer buffer(String name) {
        Buffer b = buffers.get(name);
        if (b == null) {
            throw new IllegalArgumentException("no buffer " + name + " in the program");
        }
        return b;
    }
}
