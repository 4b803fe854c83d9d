package dev.nnc.codegen.bytecode;

import static org.objectweb.asm.Opcodes.AASTORE;
import static org.objectweb.asm.Opcodes.ACC_FINAL;
import static org.objectweb.asm.Opcodes.ACC_PRIVATE;
import static org.objectweb.asm.Opcodes.ACC_PROTECTED;
import static org.objectweb.asm.Opcodes.ACC_PUBLIC;
import static org.objectweb.asm.Opcodes.ACC_SUPER;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ANEWARRAY;
import static org.objectweb.asm.Opcodes.ARETURN;
import static org.objectweb.asm.Opcodes.ARRAYLENGTH;
import static org.objectweb.asm.Opcodes.ATHROW;
import static org.objectweb.asm.Opcodes.DUP;
import static org.objectweb.asm.Opcodes.GETFIELD;
import static org.objectweb.asm.Opcodes.IALOAD;
import static org.objectweb.asm.Opcodes.IFNULL;
import static org.objectweb.asm.Opcodes.IF_ICMPGE;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.INVOKESPECIAL;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.INVOKEVIRTUAL;
import static org.objectweb.asm.Opcodes.NEW;
import static org.objectweb.asm.Opcodes.NEWARRAY;
import static org.objectweb.asm.Opcodes.PUTFIELD;
import static org.objectweb.asm.Opcodes.RETURN;
import static org.objectweb.asm.Opcodes.V17;

import dev.nnc.program.Buffer;
import dev.nnc.program.Kind;
import dev.nnc.program.Method;
import dev.nnc.program.Program;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * The bytecode backend: a {@link Program} as one class file, shaped exactly as Program's
 * javadoc says. Frames and maximum stack sizes are computed by ASM.
 *
 * <p>Every method must stay within {@link #MAX_METHOD_BYTES} of bytecode, or HotSpot would
 * run it interpreted; {@link #emit} throws {@link MethodTooLargeException} instead, and the
 * lowering splits the work into more methods.
 */
public final class Bytecode {

    /**
     * The largest method HotSpot JIT-compiles (its {@code HugeMethodLimit}): anything longer
     * runs in the interpreter forever, unless the JVM runs with -XX:-DontCompileHugeMethods.
     */
    public static final int MAX_METHOD_BYTES = 8000;

    /**
     * Methods that run once per model or per batch-size change, never per step: the 8,000-byte
     * JIT limit does not matter for them (running interpreted costs microseconds), only the
     * JVM's 64 KB limit does. {@code resize} grows by about 28 bytes per buffer, so a model
     * with a few hundred tensors would otherwise be refused.
     */
    static final Set<String> COLD_METHODS = Set.of("<init>", "resize");

    /** Whether the 8,000-byte limit is waived for this method (see {@link #COLD_METHODS}). */
    public static boolean isCold(String method) {
        return COLD_METHODS.contains(method);
    }

    /** What a class-file string constant can hold: 65,535 bytes of modified UTF-8. */
    private static final int MAX_STRING_BYTES = 65_535;
    private static final Set<String> BASE_METHODS = Set.of("<init>", "<clinit>", "resize", "array", "start",
            Program.PARALLEL, Program.RUN_RANGE);

    private Bytecode() {}

    /**
     * The class file of {@code program}.
     *
     * @throws MethodTooLargeException when a method's code exceeds {@link #MAX_METHOD_BYTES}
     * @throws IllegalArgumentException when the program is malformed: a name used twice, an
     *     unknown local, buffer, symbol or method, an expression of the wrong kind
     */
    public static byte[] emit(Program program) {
        String owner = program.className().replace('.', '/');
        Map<String, Buffer> buffers = buffersByName(program);
        Set<String> methods = methodNames(program);
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
            // Frames merge only arrays and our own types here; never load a class to find out.
            @Override
            protected String getCommonSuperClass(String type1, String type2) {
                return type1.equals(type2) ? type1 : "java/lang/Object";
            }
        };
        cw.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, owner, null, Program.BASE_CLASS, null);
        for (String symbol : program.symbols()) {
            cw.visitField(ACC_PRIVATE, symbol, "I", null, null).visitEnd();
        }
        for (Buffer b : program.buffers()) {
            cw.visitField(ACC_PRIVATE, b.name(), Jvm.arrayDescriptor(b.kind()), null, null).visitEnd();
        }
        constructor(cw, program);
        resize(cw, program, owner, buffers);
        array(cw, program, owner);
        for (Method m : program.methods()) {
            boolean entry = Program.ENTRY_METHODS.contains(m.name());
            if (entry && !m.params().isEmpty()) {
                throw new IllegalArgumentException(program.className() + "." + m.name()
                        + ": an entry method takes no parameters");
            }
            MethodVisitor mv = cw.visitMethod(entry ? ACC_PROTECTED : ACC_PRIVATE, m.name(), descriptor(m),
                    null, null);
            mv.visitCode();
            new MethodCode(program, owner, m.name(), buffers, methods, mv, 1).body(m.params(), m.body());
            mv.visitInsn(RETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        }
        for (String entry : Program.ENTRY_METHODS) {
            if (!methods.contains(entry) && !Program.OPTIONAL_ENTRY_METHODS.contains(entry)) {
                missingEntry(cw, program, entry);
            }
        }
        List<String> ranges = program.rangeMethods();
        if (!ranges.isEmpty()) {
            runRange(cw, owner, ranges);
        }
        cw.visitEnd();
        byte[] bytes;
        try {
            bytes = cw.toByteArray();
        } catch (org.objectweb.asm.MethodTooLargeException e) {
            throw new MethodTooLargeException(program.className(), e.getMethodName(), e.getCodeSize());
        }
        for (Map.Entry<String, Integer> m : methodSizes(bytes).entrySet()) {
            if (m.getValue() > MAX_METHOD_BYTES && !COLD_METHODS.contains(m.getKey())) {
                throw new MethodTooLargeException(program.className(), m.getKey(), m.getValue());
            }
        }
        return bytes;
    }

    /**
     * The length of each method's code, in bytes, as the class file records it (code_length of
     * its Code attribute), by method name; an overloaded name is followed by the descriptor.
     * Abstract and native methods, which have no code, are left out.
     */
    public static Map<String, Integer> methodSizes(byte[] classBytes) {
        ClassReader r = new ClassReader(classBytes);
        char[] chars = new char[r.getMaxStringLength()];
        int at = r.header + 6; // access_flags, this_class, super_class
        at += 2 + 2 * r.readUnsignedShort(at); // interfaces
        int fields = r.readUnsignedShort(at);
        at += 2;
        for (int i = 0; i < fields; i++) {
            at = skipAttributes(r, at + 6);
        }
        record Sized(String name, String descriptor, int size) {}
        List<Sized> sized = new ArrayList<>();
        int count = r.readUnsignedShort(at);
        at += 2;
        for (int i = 0; i < count; i++) {
            String name = r.readUTF8(at + 2, chars);
            String descriptor = r.readUTF8(at + 4, chars);
            int attributes = r.readUnsignedShort(at + 6);
            at += 8;
            for (int j = 0; j < attributes; j++) {
                if (r.readUTF8(at, chars).equals("Code")) {
                    // Code: max_stack u2, max_locals u2, code_length u4, after the 6-byte header.
                    sized.add(new Sized(name, descriptor, r.readInt(at + 10)));
                }
                at += 6 + r.readInt(at + 2);
            }
        }
        Set<String> seen = new HashSet<>();
        Set<String> overloaded = new HashSet<>();
        for (Sized s : sized) {
            if (!seen.add(s.name())) {
                overloaded.add(s.name());
            }
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Sized s : sized) {
            out.put(overloaded.contains(s.name()) ? s.name() + s.descriptor() : s.name(), s.size());
        }
        return out;
    }

    private static int skipAttributes(ClassReader r, int at) {
        int attributes = r.readUnsignedShort(at);
        at += 2;
        for (int j = 0; j < attributes; j++) {
            at += 6 + r.readInt(at + 2);
        }
        return at;
    }

    /** {@code (I...)V}: one int per parameter. */
    private static String descriptor(Method m) {
        return "(" + "I".repeat(m.params().size()) + ")V";
    }

    /**
     * {@code runRange(task, from, to)}: a tableswitch on the task calling range method number
     * {@code task} with from and to; any other task goes to the base class, which throws.
     */
    private static void runRange(ClassWriter cw, String owner, List<String> ranges) {
        MethodVisitor mv = cw.visitMethod(ACC_PROTECTED, Program.RUN_RANGE, Program.RUN_RANGE_DESCRIPTOR, null,
                null);
        mv.visitCode();
        Label start = new Label();
        mv.visitLabel(start);
        Label other = new Label();
        Label[] cases = new Label[ranges.size()];
        for (int i = 0; i < cases.length; i++) {
            cases[i] = new Label();
        }
        mv.visitVarInsn(ILOAD, 1);
        mv.visitTableSwitchInsn(0, cases.length - 1, other, cases);
        for (int i = 0; i < cases.length; i++) {
            mv.visitLabel(cases[i]);
            mv.visitVarInsn(ALOAD, 0);
            mv.visitVarInsn(ILOAD, 2);
            mv.visitVarInsn(ILOAD, 3);
            mv.visitMethodInsn(INVOKEVIRTUAL, owner, ranges.get(i), "(II)V", false);
            mv.visitInsn(RETURN);
        }
        mv.visitLabel(other);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitVarInsn(ILOAD, 1);
        mv.visitVarInsn(ILOAD, 2);
        mv.visitVarInsn(ILOAD, 3);
        mv.visitMethodInsn(INVOKESPECIAL, Program.BASE_CLASS, Program.RUN_RANGE, Program.RUN_RANGE_DESCRIPTOR, false);
        mv.visitInsn(RETURN);
        Label end = new Label();
        mv.visitLabel(end);
        mv.visitLocalVariable("task", "I", null, start, end, 1);
        mv.visitLocalVariable("from", "I", null, start, end, 2);
        mv.visitLocalVariable("to", "I", null, start, end, 3);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** {@code super(new String[] {chunks...}); start();} */
    private static void constructor(ClassWriter cw, Program program) {
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
        mv.visitCode();
        mv.visitVarInsn(ALOAD, 0);
        Values.pushInt(mv, program.specChunks().size());
        mv.visitTypeInsn(ANEWARRAY, "java/lang/String");
        for (int i = 0; i < program.specChunks().size(); i++) {
            String chunk = program.specChunks().get(i);
            if (modifiedUtf8Length(chunk) > MAX_STRING_BYTES) {
                throw new IllegalArgumentException(program.className() + ": spec chunk " + i + " is longer than the "
                        + MAX_STRING_BYTES + " bytes a class-file string holds; split it further");
            }
            mv.visitInsn(DUP);
            Values.pushInt(mv, i);
            mv.visitLdcInsn(chunk);
            mv.visitInsn(AASTORE);
        }
        mv.visitMethodInsn(INVOKESPECIAL, Program.BASE_CLASS, "<init>", "([Ljava/lang/String;)V", false);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitMethodInsn(INVOKEVIRTUAL, Program.BASE_CLASS, "start", "()V", false);
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /**
     * Stores each symbol's size, then gives each buffer an array when it has none or one
     * shorter than its size now: {@code int size = ...; if (W == null || W.length < size) W =
     * new float[size];}. Arrays never shrink.
     */
    private static void resize(ClassWriter cw, Program program, String owner, Map<String, Buffer> buffers) {
        MethodVisitor mv = cw.visitMethod(ACC_PROTECTED, "resize", "([I)V", null, null);
        mv.visitCode();
        for (int i = 0; i < program.symbols().size(); i++) {
            mv.visitVarInsn(ALOAD, 0);
            mv.visitVarInsn(ALOAD, 1);
            Values.pushInt(mv, i);
            mv.visitInsn(IALOAD);
            mv.visitFieldInsn(PUTFIELD, owner, program.symbols().get(i), "I");
        }
        MethodCode code = new MethodCode(program, owner, "resize", buffers, Set.of(), mv, 2);
        for (Buffer b : program.buffers()) {
            String descriptor = Jvm.arrayDescriptor(b.kind());
            code.openBlock();
            code.expr(b.size(), Kind.I32, "the size of buffer " + b.name());
            int size = code.declareInt("size");
            Label allocate = new Label();
            Label done = new Label();
            mv.visitVarInsn(ALOAD, 0);
            mv.visitFieldInsn(GETFIELD, owner, b.name(), descriptor);
            mv.visitJumpInsn(IFNULL, allocate);
            mv.visitVarInsn(ALOAD, 0);
            mv.visitFieldInsn(GETFIELD, owner, b.name(), descriptor);
            mv.visitInsn(ARRAYLENGTH);
            mv.visitVarInsn(ILOAD, size);
            mv.visitJumpInsn(IF_ICMPGE, done);
            mv.visitLabel(allocate);
            mv.visitVarInsn(ALOAD, 0);
            mv.visitVarInsn(ILOAD, size);
            mv.visitIntInsn(NEWARRAY, Jvm.newarrayType(b.kind()));
            mv.visitFieldInsn(PUTFIELD, owner, b.name(), descriptor);
            mv.visitLabel(done);
            code.closeBlock();
        }
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** A switch from slot to buffer field; any other slot throws. */
    private static void array(ClassWriter cw, Program program, String owner) {
        MethodVisitor mv = cw.visitMethod(ACC_PROTECTED, "array", "(I)Ljava/lang/Object;", null, null);
        mv.visitCode();
        TreeMap<Integer, Buffer> bySlot = new TreeMap<>();
        for (Buffer b : program.buffers()) {
            Buffer other = b.slot() >= 0 ? bySlot.put(b.slot(), b) : null;
            if (other != null) {
                throw new IllegalArgumentException(program.className() + ": buffers " + other.name() + " and "
                        + b.name() + " both hold slot " + b.slot());
            }
            if (b.slot() < -1) {
                throw new IllegalArgumentException(program.className() + ": buffer " + b.name() + " has slot "
                        + b.slot() + "; a slot is a tensor's index, or -1 for an internal buffer");
            }
        }
        Label otherwise = new Label();
        if (!bySlot.isEmpty()) {
            int[] keys = bySlot.keySet().stream().mapToInt(Integer::intValue).toArray();
            Label[] cases = new Label[keys.length];
            for (int i = 0; i < cases.length; i++) {
                cases[i] = new Label();
            }
            mv.visitVarInsn(ILOAD, 1);
            int min = keys[0];
            int max = keys[keys.length - 1];
            if ((long) max - min + 1 <= 2L * keys.length) { // dense enough for a jump table
                Label[] table = new Label[max - min + 1];
                Arrays.fill(table, otherwise);
                for (int i = 0; i < keys.length; i++) {
                    table[keys[i] - min] = cases[i];
                }
                mv.visitTableSwitchInsn(min, max, otherwise, table);
            } else {
                mv.visitLookupSwitchInsn(otherwise, keys, cases);
            }
            int i = 0;
            for (Buffer b : bySlot.values()) {
                mv.visitLabel(cases[i++]);
                mv.visitVarInsn(ALOAD, 0);
                mv.visitFieldInsn(GETFIELD, owner, b.name(), Jvm.arrayDescriptor(b.kind()));
                mv.visitInsn(ARETURN);
            }
        }
        mv.visitLabel(otherwise);
        mv.visitTypeInsn(NEW, "java/lang/IllegalArgumentException");
        mv.visitInsn(DUP);
        mv.visitLdcInsn("no tensor in slot ");
        mv.visitVarInsn(ILOAD, 1);
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/String", "valueOf", "(I)Ljava/lang/String;", false);
        mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/String", "concat", "(Ljava/lang/String;)Ljava/lang/String;",
                false);
        mv.visitMethodInsn(INVOKESPECIAL, "java/lang/IllegalArgumentException", "<init>", "(Ljava/lang/String;)V",
                false);
        mv.visitInsn(ATHROW);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /**
     * An entry method the program does not define (a model that only predicts has no update).
     * The base class declares all four abstract, so the class still needs one: it throws, which
     * beats the AbstractMethodError a missing override would give.
     */
    private static void missingEntry(ClassWriter cw, Program program, String entry) {
        MethodVisitor mv = cw.visitMethod(ACC_PROTECTED, entry, "()V", null, null);
        mv.visitCode();
        mv.visitTypeInsn(NEW, "java/lang/UnsupportedOperationException");
        mv.visitInsn(DUP);
        mv.visitLdcInsn(program.simpleName() + " has no " + entry);
        mv.visitMethodInsn(INVOKESPECIAL, "java/lang/UnsupportedOperationException", "<init>",
                "(Ljava/lang/String;)V", false);
        mv.visitInsn(ATHROW);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private static Map<String, Buffer> buffersByName(Program program) {
        Set<String> fields = new HashSet<>();
        for (String symbol : program.symbols()) {
            checkName(program, "symbol", symbol);
            if (!fields.add(symbol)) {
                throw new IllegalArgumentException(program.className() + ": symbol " + symbol + " is listed twice");
            }
        }
        Map<String, Buffer> out = new LinkedHashMap<>();
        for (Buffer b : program.buffers()) {
            checkName(program, "buffer", b.name());
            if (!fields.add(b.name())) {
                throw new IllegalArgumentException(program.className() + ": buffer " + b.name()
                        + " has the name of another field");
            }
            out.put(b.name(), b);
        }
        return out;
    }

    private static Set<String> methodNames(Program program) {
        Set<String> out = new LinkedHashSet<>();
        for (Method m : program.methods()) {
            checkName(program, "method", m.name());
            if (BASE_METHODS.contains(m.name())) {
                throw new IllegalArgumentException(program.className() + ": a method may not be named " + m.name()
                        + ", which the base class protocol uses");
            }
            if (!out.add(m.name())) {
                throw new IllegalArgumentException(program.className() + ": method " + m.name() + " is defined twice");
            }
        }
        return out;
    }

    private static void checkName(Program program, String what, String name) {
        if (!Jvm.isUnqualifiedName(name)) {
            throw new IllegalArgumentException(program.className() + ": " + what + " name '" + name
                    + "' cannot be a JVM name (empty, or with one of . ; [ / < >)");
        }
    }

    /** The length of {@code s} in a class file's modified UTF-8. */
    private static int modifiedUtf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c >= 1 && c <= 0x7f ? 1 : c <= 0x7ff ? 2 : 3;
        }
        return n;
    }
}
