package dev.nnc.syntax;

import java.util.List;

/** A parsed .nn file: its statements in source order. */
public record Program(SourceFile file, List<Stmt> statements) {}
