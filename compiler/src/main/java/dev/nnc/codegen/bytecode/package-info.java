/**
 * The bytecode backend: a {@link dev.nnc.program.Program} as a class file, through ASM
 * ({@link dev.nnc.codegen.bytecode.Bytecode}), with its checks
 * ({@link dev.nnc.codegen.bytecode.Verifier}, {@link dev.nnc.codegen.bytecode.MethodTooLargeException}),
 * a class loader per model ({@link dev.nnc.codegen.bytecode.ModelClassLoader}) and a listing
 * for debugging ({@link dev.nnc.codegen.bytecode.Disassembly}).
 */
package dev.nnc.codegen.bytecode;
