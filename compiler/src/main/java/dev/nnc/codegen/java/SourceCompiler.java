package dev.nnc.codegen.java;

import dev.nnc.program.Program;
import dev.nnc.runtime.GeneratedModel;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles generated Java source with javac in this JVM and loads the class, with no file
 * written anywhere: the source is a string, the class files stay in memory, and each
 * compilation gets a fresh class loader (so the same class name can be compiled again, and a
 * class is collected once unused). The class path is this JVM's, plus wherever
 * {@link GeneratedModel} was loaded from; the loaded class links against that same
 * {@code GeneratedModel}.
 *
 * <p>Needs a JDK: a bare JRE has no {@code javax.tools} compiler.
 */
public final class SourceCompiler {

    private SourceCompiler() {}

    /** Emits, compiles and instantiates the class {@code program} describes. */
    public static GeneratedModel instantiate(Program program) {
        Class<?> type = compile(program);
        try {
            return (GeneratedModel) type.getDeclaredConstructor().newInstance();
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("constructing " + program.className() + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + program.className(), e);
        }
    }

    /** Emits and compiles the class {@code program} describes. */
    public static Class<?> compile(Program program) {
        return compile(program.className(), JavaSource.emit(program));
    }

    /**
     * Compiles {@code source}, which declares the top-level class {@code className} (binary
     * name with dots), and loads it.
     *
     * @throws IllegalStateException when javac reports errors, with its diagnostics and the
     *     source, lines numbered
     */
    public static Class<?> compile(String className, String source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this JVM: run on a JDK, not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, Locale.ROOT, null);
        MemoryFileManager files = new MemoryFileManager(standard);
        List<String> options = List.of("-classpath", classPath(), "-proc:none", "-g", "-Xlint:none");
        JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics, options, null,
                List.of(new SourceFile(className, source)));
        boolean ok = task.call();
        try {
            files.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!ok) {
            throw new IllegalStateException("javac rejected the generated source of " + className + ":\n"
                    + describe(diagnostics.getDiagnostics()) + "\n" + numbered(source));
        }
        try {
            return new MemoryClassLoader(files.classes, GeneratedModel.class.getClassLoader()).loadClass(className);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("javac compiled the source, but it does not declare " + className, e);
        }
    }

    /** This JVM's class path, then the runtime's own location if it is not already on it. */
    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        CodeSource runtime = GeneratedModel.class.getProtectionDomain().getCodeSource();
        if (runtime != null && runtime.getLocation() != null && "file".equals(runtime.getLocation().getProtocol())) {
            try {
                entries.add(Path.of(runtime.getLocation().toURI()).toString());
            } catch (URISyntaxException | IllegalArgumentException e) {
                // Not a plain file location: the class path has to do.
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String describe(List<Diagnostic<? extends JavaFileObject>> diagnostics) {
        StringBuilder out = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
            out.append(d.getKind().toString().toLowerCase(Locale.ROOT));
            if (d.getLineNumber() != Diagnostic.NOPOS) {
                out.append(" at line ").append(d.getLineNumber()).append(", column ").append(d.getColumnNumber());
            }
            out.append(": ").append(d.getMessage(Locale.ROOT)).append('\n');
        }
        return out.toString();
    }

    private static String numbered(String source) {
        String[] lines = source.split("\\R", -1);
        int width = Integer.toString(lines.length).length();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            out.append(String.format("%" + width + "d  %s%n", i + 1, lines[i]));
        }
        return out.toString();
    }

    private static URI uri(String className, JavaFileObject.Kind kind) {
        return URI.create("memory:///" + className.replace('.', '/') + kind.extension);
    }

    /** The source, held as a string. */
    private static final class SourceFile extends SimpleJavaFileObject {
        private final String source;

        SourceFile(String className, String source) {
            super(uri(className, Kind.SOURCE), Kind.SOURCE);
            this.source = source;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source;
        }
    }

    /** A class file javac writes, kept as bytes. */
    private static final class ClassFile extends SimpleJavaFileObject {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        ClassFile(String className) {
            super(uri(className, Kind.CLASS), Kind.CLASS);
        }

        @Override
        public OutputStream openOutputStream() {
            return bytes;
        }
    }

    /** Reads the class path as javac normally does, and writes class files into memory. */
    private static final class MemoryFileManager extends ForwardingJavaFileManager<StandardJavaFileManager> {
        final Map<String, ClassFile> classes = new HashMap<>();

        MemoryFileManager(StandardJavaFileManager standard) {
            super(standard);
        }

        @Override
        public JavaFileObject getJavaFileForOutput(JavaFileManager.Location location, String className,
                                                   JavaFileObject.Kind kind, FileObject sibling) {
            ClassFile file = new ClassFile(className);
            classes.put(className, file);
            return file;
        }
    }

    /** Defines the compiled classes, and asks its parent for every other class. */
    private static final class MemoryClassLoader extends ClassLoader {
        private final Map<String, ClassFile> classes;

        MemoryClassLoader(Map<String, ClassFile> classes, ClassLoader parent) {
            super(parent);
            this.classes = classes;
        }

        /** The compiled classes come from here even when the parent has one of the same name. */
        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!classes.containsKey(name)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : findClass(name);
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            ClassFile file = classes.get(name);
            if (file == null) {
                throw new ClassNotFoundException(name);
            }
            byte[] bytes = file.bytes.toByteArray();
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
