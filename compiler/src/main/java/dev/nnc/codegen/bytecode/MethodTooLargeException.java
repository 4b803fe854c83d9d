package dev.nnc.codegen.bytecode;

/**
 * A generated method longer than {@link Bytecode#MAX_METHOD_BYTES}: HotSpot would never
 * JIT-compile it, so it would run interpreted, thousands of times slower, with no error
 * anywhere. The lowering catches this and splits the work into smaller methods.
 */
public final class MethodTooLargeException extends RuntimeException {
    private final String className;
    private final String methodName;
    private final int codeSize;

    public MethodTooLargeException(String className, String methodName, int codeSize) {
        super("method " + methodName + " of " + className + " has " + codeSize + " bytes of bytecode; HotSpot "
                + "JIT-compiles only methods up to " + Bytecode.MAX_METHOD_BYTES + " bytes");
        this.className = className;
        this.methodName = methodName;
        this.codeSize = codeSize;
    }

    public String className() {
        return className;
    }

    public String methodName() {
        return methodName;
    }

    /** The method's code length in bytes. */
    public int codeSize() {
        return codeSize;
    }
}
