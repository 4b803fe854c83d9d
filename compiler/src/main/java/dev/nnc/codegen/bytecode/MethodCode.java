package dev.nnc.codegen.bytecode;

import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ASTORE;
import static org.objectweb.asm.Opcodes.GETFIELD;
import static org.objectweb.asm.Opcodes.GOTO;
import static org.objectweb.asm.Opcodes.IALOAD;
import static org.objectweb.asm.Opcodes.IASTORE;
import static org.objectweb.asm.Opcodes.ICONST_0;
import static org.objectweb.asm.Opcodes.ICONST_1;
import static org.objectweb.asm.Opcodes.IF_ICMPGE;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.INVOKEVIRTUAL;
import static org.objectweb.asm.Opcodes.ISTORE;

import dev.nnc.program.Buffer;
import dev.nnc.program.Expr;
import dev.nnc.program.Kind;
import dev.nnc.program.Program;
import dev.nnc.program.Stmt;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * The statements and expressions of one generated method, as instructions. Every kind is
 * checked on the way (an operand of the wrong kind, an unknown local, buffer, field or method
 * is an IllegalArgumentException naming the method), so a bad program fails here, never as a
 * VerifyError when the class is loaded.
 */
final class MethodCode {
    private static final String GEMM = "dev/nnc/runtime/gemm/Gemm";
    private static final String SGEMM = "(ZZIIIF[FII[FIIF[FII)V";
    private static final String DGEMM = "(ZZIIID[DII[DIID[DII)V";
    private static final String SGEMM_SUBTRACT = "(ZZIIIF[FII[FII[FIIF[FI)V";
    private static final String DGEMM_SUBTRACT = "(ZZIIID[DII[DII[DIID[DI)V";

    private final Program program;
    private final String owner;
    private final String method;
    private final Map<String, Buffer> buffers;
    private final Set<String> methods;
    private final MethodVisitor mv;
    private final Locals locals;

    /**
     * @param owner the generated class's internal name
     * @param method the method being generated, for messages
     * @param firstFree the first local slot after {@code this} and the parameters
     */
    MethodCode(Program program, String owner, String method, Map<String, Buffer> buffers, Set<String> methods,
               MethodVisitor mv, int firstFree) {
        this.program = program;
        this.owner = owner;
        this.method = method;
        this.buffers = buffers;
        this.methods = methods;
        this.mv = mv;
        this.locals = new Locals(mv, firstFree);
    }

    /**
     * A whole method body: first every buffer it mentions is read into a local of the same name
     * ({@code float[] W1 = this.W1}, which spares the JIT a field load per access and is what
     * the Java backend writes), then the statements.
     */
    void body(List<String> params, List<Stmt> body) {
        locals.openBlock();
        for (String p : params) {
            Locals.Local l = locals.declare(p, Kind.I32, false);
            locals.begin(l);
        }
        Set<String> mentioned = mentioned(body);
        for (Buffer b : buffers.values()) {
            if (mentioned.contains(b.name())) {
                mv.visitVarInsn(ALOAD, 0);
                mv.visitFieldInsn(GETFIELD, owner, b.name(), Jvm.arrayDescriptor(b.kind()));
                Locals.Local l = locals.declare(b.name(), b.kind(), true);
                mv.visitVarInsn(ASTORE, l.slot());
                locals.begin(l);
            }
        }
        statements(body);
        locals.closeBlock();
    }

    /** Opens a block for code outside {@link #body}, such as resize's per-buffer sizes. */
    void openBlock() {
        locals.openBlock();
    }

    void closeBlock() {
        locals.closeBlock();
    }

    /** Declares an I32 local holding the value on top of the stack. */
    int declareInt(String name) {
        Locals.Local l = locals.declare(name, Kind.I32, false);
        mv.visitVarInsn(ISTORE, l.slot());
        locals.begin(l);
        return l.slot();
    }

    private void statements(List<Stmt> body) {
        for (Stmt s : body) {
            statement(s);
        }
    }

    private void statement(Stmt s) {
        if (s instanceof Stmt.Declare d) {
            expr(d.init(), d.kind(), "the initial value of " + d.local());
            Locals.Local l = locals.declare(d.local(), d.kind(), false);
            mv.visitVarInsn(Jvm.opcode(d.kind(), ISTORE), l.slot());
            locals.begin(l);
        } else if (s instanceof Stmt.Assign a) {
            Locals.Local l = scalar(a.local());
            expr(a.value(), l.kind(), "the value assigned to " + a.local());
            mv.visitVarInsn(Jvm.opcode(l.kind(), ISTORE), l.slot());
        } else if (s instanceof Stmt.Store st) {
            Locals.Local array = array(st.buffer());
            mv.visitVarInsn(ALOAD, array.slot());
            expr(st.index(), Kind.I32, "the index into " + st.buffer());
            expr(st.value(), array.kind(), "the value stored into " + st.buffer());
            mv.visitInsn(Jvm.opcode(array.kind(), IASTORE));
        } else if (s instanceof Stmt.For f) {
            loop(f);
        } else if (s instanceof Stmt.Invoke i) {
            if (!methods.contains(i.method())) {
                throw error("calls " + i.method() + ", which the program does not define");
            }
            if (!program.method(i.method()).params().isEmpty()) {
                throw error("calls " + i.method() + " without its arguments");
            }
            // invokevirtual, as javac 11+ emits for a private method of the same class
            // (JEP 181): the JVM calls that very method, never an override.
            mv.visitVarInsn(ALOAD, 0);
            mv.visitMethodInsn(INVOKEVIRTUAL, owner, i.method(), "()V", false);
        } else if (s instanceof Stmt.Gemm g) {
            gemm(g);
        } else if (s instanceof Stmt.GemmSubtract g) {
            gemmSubtract(g);
        } else if (s instanceof Stmt.SumRows r) {
            sumRows(r);
        } else if (s instanceof Stmt.BiasAdd r) {
            biasAdd(r);
        } else if (s instanceof Stmt.ReluGrad r) {
            reluGrad(r);
        } else if (s instanceof Stmt.Parallel p) {
            parallel(p);
        } else if (!(s instanceof Stmt.Comment)) {
            throw new AssertionError(s);
        }
    }

    private void loop(Stmt.For f) {
        locals.openBlock();
        expr(f.from(), Kind.I32, "the start of loop " + f.var());
        Locals.Local var = locals.declare(f.var(), Kind.I32, false);
        mv.visitVarInsn(ISTORE, var.slot());
        locals.begin(var);
        Label test = new Label();
        Label end = new Label();
        mv.visitLabel(test);
        mv.visitVarInsn(ILOAD, var.slot());
        expr(f.to(), Kind.I32, "the end of loop " + f.var());
        mv.visitJumpInsn(IF_ICMPGE, end);
        locals.openBlock();
        statements(f.body());
        locals.closeBlock();
        mv.visitIincInsn(var.slot(), 1);
        mv.visitJumpInsn(GOTO, test);
        mv.visitLabel(end);
        locals.closeBlock();
    }

    /** {@code this.parallel(task, count, grain, align)}, which calls runRange back. */
    private void parallel(Stmt.Parallel p) {
        int task = program.rangeMethods().indexOf(p.method());
        if (task < 0) {
            throw error("runs " + p.method() + " in parallel, which is not a range method of the program");
        }
        mv.visitVarInsn(ALOAD, 0);
        Values.pushInt(mv, task);
        expr(p.count(), Kind.I32, "the iteration count of " + p.method());
        Values.pushInt(mv, p.grain());
        Values.pushInt(mv, p.align());
        mv.visitMethodInsn(INVOKEVIRTUAL, owner, Program.PARALLEL, Program.PARALLEL_DESCRIPTOR, false);
    }

    private void gemm(Stmt.Gemm g) {
        gemmProduct(g);
        constant(g.kind(), g.beta());
        gemmOperand(g, g.c(), g.cOffset(), g.ldc(), "C");
        boolean single = g.kind() == Kind.F32;
        mv.visitMethodInsn(INVOKESTATIC, GEMM, single ? "sgemm" : "dgemm", single ? SGEMM : DGEMM, false);
    }

    /** {@code Gemm.sgemmSubtract(..., c, cOff, ldc, scale, target, cOff)}. */
    private void gemmSubtract(Stmt.GemmSubtract s) {
        Stmt.Gemm g = s.product();
        gemmProduct(g);
        gemmOperand(g, g.c(), g.cOffset(), g.ldc(), "C");
        expr(s.scale(), g.kind(), "the scale of the update fused into GEMM");
        Locals.Local target = array(s.target());
        if (target.kind() != g.kind()) {
            throw error("the target of the update fused into GEMM is " + s.target() + ", a " + target.kind()
                    + " buffer, in a " + g.kind() + " GEMM");
        }
        mv.visitVarInsn(ALOAD, target.slot());
        expr(g.cOffset(), Kind.I32, "GEMM's offset into C");
        boolean single = g.kind() == Kind.F32;
        mv.visitMethodInsn(INVOKESTATIC, GEMM, single ? "sgemmSubtract" : "dgemmSubtract",
                single ? SGEMM_SUBTRACT : DGEMM_SUBTRACT, false);
    }

    /** {@code Gemm.sumRows(m, n, a, 0, n, out, 0)}. */
    private void sumRows(Stmt.SumRows r) {
        if (r.kind() != Kind.F32 && r.kind() != Kind.F64) {
            throw error("column sums in " + r.kind() + "; they are F32 or F64");
        }
        expr(r.m(), Kind.I32, "the rows of the column sums");
        expr(r.n(), Kind.I32, "the columns of the column sums");
        for (String buffer : List.of(r.a(), r.out())) {
            Locals.Local array = array(buffer);
            if (array.kind() != r.kind()) {
                throw error("column sums over " + buffer + ", a " + array.kind() + " buffer, in " + r.kind());
            }
            mv.visitVarInsn(ALOAD, array.slot());
            mv.visitInsn(ICONST_0);
            if (buffer.equals(r.a())) {
                expr(r.n(), Kind.I32, "the columns of the column sums");
            }
        }
        String d = Jvm.arrayDescriptor(r.kind());
        mv.visitMethodInsn(INVOKESTATIC, GEMM, "sumRows", "(II" + d + "II" + d + "I)V", false);
    }

    /** {@code Gemm.biasAdd(relu, from, to, n, z, b, out)}. */
    private void biasAdd(Stmt.BiasAdd r) {
        mv.visitInsn(r.relu() ? ICONST_1 : ICONST_0);
        expr(r.from(), Kind.I32, "the first row of the bias addition");
        expr(r.to(), Kind.I32, "the end of the rows of the bias addition");
        expr(r.n(), Kind.I32, "the columns of the bias addition");
        rowArrays(r.kind(), "the bias addition", r.z(), r.b(), r.out());
        String d = Jvm.arrayDescriptor(r.kind());
        mv.visitMethodInsn(INVOKESTATIC, GEMM, "biasAdd", "(ZIII" + d + d + d + ")V", false);
    }

    /** {@code Gemm.reluGrad(from, to, h, g, out)}. */
    private void reluGrad(Stmt.ReluGrad r) {
        expr(r.from(), Kind.I32, "the first element of relu's derivative");
        expr(r.to(), Kind.I32, "the end of the elements of relu's derivative");
        rowArrays(r.kind(), "relu's derivative", r.h(), r.g(), r.out());
        String d = Jvm.arrayDescriptor(r.kind());
        mv.visitMethodInsn(INVOKESTATIC, GEMM, "reluGrad", "(II" + d + d + d + ")V", false);
    }

    /** Pushes the arrays of a runtime loop over buffers of one floating-point kind. */
    private void rowArrays(Kind kind, String what, String... buffers) {
        if (kind != Kind.F32 && kind != Kind.F64) {
            throw error(what + " in " + kind + "; it is F32 or F64");
        }
        for (String buffer : buffers) {
            Locals.Local array = array(buffer);
            if (array.kind() != kind) {
                throw error(what + " over " + buffer + ", a " + array.kind() + " buffer, in " + kind);
            }
            mv.visitVarInsn(ALOAD, array.slot());
        }
    }

    /** Pushes the arguments up to B's: transA, transB, m, n, k, alpha, A and B with their offsets and ld. */
    private void gemmProduct(Stmt.Gemm g) {
        if (g.kind() != Kind.F32 && g.kind() != Kind.F64) {
            throw error("a GEMM in " + g.kind() + "; GEMM is F32 or F64");
        }
        mv.visitInsn(g.transA() ? ICONST_1 : ICONST_0);
        mv.visitInsn(g.transB() ? ICONST_1 : ICONST_0);
        expr(g.m(), Kind.I32, "GEMM's m");
        expr(g.n(), Kind.I32, "GEMM's n");
        expr(g.k(), Kind.I32, "GEMM's k");
        constant(g.kind(), g.alpha());
        gemmOperand(g, g.a(), g.aOffset(), g.lda(), "A");
        gemmOperand(g, g.b(), g.bOffset(), g.ldb(), "B");
    }

    private void gemmOperand(Stmt.Gemm g, String buffer, Expr offset, Expr ld, String which) {
        Locals.Local array = array(buffer);
        if (array.kind() != g.kind()) {
            throw error("GEMM's " + which + " is " + buffer + ", a " + array.kind() + " buffer, in a "
                    + g.kind() + " GEMM");
        }
        mv.visitVarInsn(ALOAD, array.slot());
        expr(offset, Kind.I32, "GEMM's offset into " + which);
        expr(ld, Kind.I32, "GEMM's leading dimension of " + which);
    }

    /** Emits {@code e}, which must be of {@code kind}; {@code what} says what it is, for the message. */
    void expr(Expr e, Kind kind, String what) {
        if (e.kind() != kind) {
            throw error(what + " is " + e.kind() + ", not " + kind + ": " + e);
        }
        expr(e);
    }

    private void expr(Expr e) {
        if (e instanceof Expr.Const c) {
            constant(c.kind(), c.value());
        } else if (e instanceof Expr.Local l) {
            Locals.Local local = scalar(l.name());
            if (local.kind() != l.kind()) {
                throw error("local " + l.name() + " is " + local.kind() + ", read as " + l.kind());
            }
            mv.visitVarInsn(Jvm.opcode(local.kind(), ILOAD), local.slot());
        } else if (e instanceof Expr.Field f) {
            field(f);
        } else if (e instanceof Expr.Load l) {
            Locals.Local array = array(l.buffer());
            if (array.kind() != l.kind()) {
                throw error("buffer " + l.buffer() + " holds " + array.kind() + ", read as " + l.kind());
            }
            mv.visitVarInsn(ALOAD, array.slot());
            expr(l.index(), Kind.I32, "the index into " + l.buffer());
            mv.visitInsn(Jvm.opcode(array.kind(), IALOAD));
        } else if (e instanceof Expr.Apply a) {
            apply(a);
        } else if (e instanceof Expr.Convert c) {
            expr(c.value());
            Values.convert(mv, c.value().kind(), c.kind());
        } else if (e instanceof Expr.CheckLabel c) {
            expr(c.value(), Kind.I32, "a label");
            expr(c.classes(), Kind.I32, "the number of classes");
            expr(c.example(), Kind.I32, "the example index");
            mv.visitLdcInsn(c.input());
            mv.visitMethodInsn(INVOKESTATIC, Program.BASE_CLASS, Program.CHECK_LABEL,
                    Program.CHECK_LABEL_DESCRIPTOR, false);
        } else {
            throw new AssertionError(e);
        }
    }

    private void apply(Expr.Apply a) {
        if (a.args().size() != a.fn().arity()) {
            throw error(a.fn() + " takes " + a.fn().arity() + " operands, got " + a.args().size());
        }
        for (Expr arg : a.args()) {
            if (arg.kind() != a.kind()) {
                throw error("an operand of " + a.fn() + " in " + a.kind() + " is " + arg.kind() + ": " + arg);
            }
        }
        try {
            Primitives.emit(a, mv, this::expr);
        } catch (Primitives.Unsupported unsupported) {
            throw error(unsupported.getMessage());
        }
    }

    private void field(Expr.Field f) {
        mv.visitVarInsn(ALOAD, 0);
        if (f.inherited()) {
            Kind declared = switch (f.name()) {
                case Program.LEARNING_RATE -> Kind.F64;
                case Program.UPDATES -> Kind.I64;
                default -> throw error("the base class has no field " + f.name() + " for generated code");
            };
            if (f.kind() != declared) {
                throw error("the base class's " + f.name() + " is " + declared + ", read as " + f.kind());
            }
            mv.visitFieldInsn(GETFIELD, Program.BASE_CLASS, f.name(), Jvm.descriptor(declared));
        } else {
            if (!program.symbols().contains(f.name())) {
                throw error("no symbol " + f.name() + " (symbols: " + program.symbols() + ")");
            }
            if (f.kind() != Kind.I32) {
                throw error("symbol " + f.name() + " is I32, read as " + f.kind());
            }
            mv.visitFieldInsn(GETFIELD, owner, f.name(), "I");
        }
    }

    private void constant(Kind kind, double value) {
        try {
            Values.constant(mv, kind, value);
        } catch (IllegalArgumentException notWhole) {
            throw error(notWhole.getMessage());
        }
    }

    private Locals.Local scalar(String name) {
        Locals.Local l = locals.find(name);
        if (l == null && !buffers.containsKey(name)) {
            throw error("no local " + name + " in scope");
        }
        if (l == null || l.array()) {
            throw error(name + " is a buffer, used as a scalar local");
        }
        return l;
    }

    private Locals.Local array(String name) {
        Locals.Local l = locals.find(name);
        if (l == null || !l.array()) {
            throw error(buffers.containsKey(name) ? "buffer " + name + " is not readable here" : "no buffer " + name);
        }
        return l;
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException(program.className() + "." + method + ": " + message);
    }

    /** The buffers a method body reads or writes, by name. */
    static Set<String> mentioned(List<Stmt> body) {
        Set<String> out = new LinkedHashSet<>();
        List<Expr> exprs = new ArrayList<>();
        collect(body, out, exprs);
        while (!exprs.isEmpty()) {
            Expr e = exprs.remove(exprs.size() - 1);
            if (e instanceof Expr.Load l) {
                out.add(l.buffer());
                exprs.add(l.index());
            } else if (e instanceof Expr.Apply a) {
                exprs.addAll(a.args());
            } else if (e instanceof Expr.Convert c) {
                exprs.add(c.value());
            } else if (e instanceof Expr.CheckLabel c) {
                exprs.addAll(List.of(c.value(), c.classes(), c.example()));
            }
        }
        return out;
    }

    private static void collect(List<Stmt> body, Set<String> buffers, List<Expr> exprs) {
        for (Stmt s : body) {
            if (s instanceof Stmt.Declare d) {
                exprs.add(d.init());
            } else if (s instanceof Stmt.Assign a) {
                exprs.add(a.value());
            } else if (s instanceof Stmt.Store st) {
                buffers.add(st.buffer());
                exprs.addAll(List.of(st.index(), st.value()));
            } else if (s instanceof Stmt.For f) {
                exprs.addAll(List.of(f.from(), f.to()));
                collect(f.body(), buffers, exprs);
            } else if (s instanceof Stmt.Parallel p) {
                exprs.add(p.count());
            } else if (s instanceof Stmt.Gemm g) {
                buffers.addAll(List.of(g.a(), g.b(), g.c()));
                exprs.addAll(List.of(g.m(), g.n(), g.k(), g.aOffset(), g.lda(), g.bOffset(), g.ldb(),
                        g.cOffset(), g.ldc()));
            } else if (s instanceof Stmt.SumRows r) {
                buffers.addAll(List.of(r.a(), r.out()));
                exprs.addAll(List.of(r.m(), r.n()));
            } else if (s instanceof Stmt.BiasAdd r) {
                buffers.addAll(List.of(r.z(), r.b(), r.out()));
                exprs.addAll(List.of(r.from(), r.to(), r.n()));
            } else if (s instanceof Stmt.ReluGrad r) {
                buffers.addAll(List.of(r.h(), r.g(), r.out()));
                exprs.addAll(List.of(r.from(), r.to()));
            } else if (s instanceof Stmt.GemmSubtract gs) {
                collect(List.of(gs.product()), buffers, exprs);
                buffers.add(gs.target());
                exprs.add(gs.scale());
            }
        }
    }
}
