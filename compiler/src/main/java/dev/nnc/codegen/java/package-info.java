/**
 * The Java backend: a {@link dev.nnc.program.Program} as readable Java source
 * ({@link dev.nnc.codegen.java.JavaSource}), and javac in-process to compile and load it
 * ({@link dev.nnc.codegen.java.SourceCompiler}), so tests can run the source against the
 * bytecode and the interpreter.
 */
package dev.nnc.codegen.java;
