package dev.nnc.aot;

import dev.nnc.Nnc;
import dev.nnc.ir.Model;
import dev.nnc.lower.Lowering;
import dev.nnc.program.Program;
import dev.nnc.runtime.AtomicFile;
import dev.nnc.runtime.CompiledModel;
import dev.nnc.runtime.app.Models;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * The jar {@code nnc compile} writes for one model: a bare JDK runs it with
 * {@code java -jar model.jar train|eval|predict|info}, and an application loads it with the
 * runtime alone ({@link Models#load(Path)}). Its entries, and nothing else:
 *
 * <pre>
 *   META-INF/MANIFEST.MF                          Main-Class: {@value #MAIN_CLASS}
 *                                                 Nnc-Model-Class: nnc.generated.Xor
 *                                                 Created-By: nnc VERSION
 *   META-INF/nnc/model.nn                         the .nn source, byte for byte
 *   META-INF/services/dev.nnc.runtime.CompiledModel   the model class, for ServiceLoader
 *   dev/nnc/runtime/...                           the runtime's classes ({@link RuntimeClasses})
 *   nnc/generated/Xor.class                       the generated model
 * </pre>
 *
 * <p>The generated class is the one {@code nnc train} loads in-process, from the same training
 * Program. The same source, compiled by the same nnc, gives the same bytes ({@link JarWriter}).
 */
public final class ModelJar {

    /** The jar's entry point, in the runtime: reads the manifest and runs a command on the model. */
    public static final String MAIN_CLASS = "dev.nnc.runtime.app.ModelApp";

    /** Where the service entry naming the model class lives. */
    public static final String SERVICE_RESOURCE = "META-INF/services/" + CompiledModel.class.getName();

    private final String className;
    private final byte[] classFile;
    private final byte[] source;
    private final String nncVersion;

    /**
     * @param className the generated class's binary name, such as {@code nnc.generated.Xor}
     * @param classFile its class file
     * @param source the .nn file's bytes
     * @param nncVersion the compiler's version, for {@code Created-By}
     */
    public ModelJar(String className, byte[] classFile, byte[] source, String nncVersion) {
        this.className = className;
        this.classFile = classFile.clone();
        this.source = source.clone();
        this.nncVersion = nncVersion;
    }

    /** Generates the class of a checked model, compiled for training, and its jar. */
    public static ModelJar compile(Model model, byte[] source, String nncVersion) {
        Nnc.Generated generated = Nnc.generate(model, Lowering.Options.training(Nnc.className(model.name())));
        return new ModelJar(generated.program().className(), generated.classBytes(), source, nncVersion);
    }

    public String className() {
        return className;
    }

    /** The manifest: its attributes in a fixed order, so that it is the same text every time. */
    public Manifest manifest() {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, MAIN_CLASS);
        main.putValue(Models.MODEL_CLASS_ATTRIBUTE, className);
        main.putValue("Created-By", "nnc " + nncVersion);
        return manifest;
    }

    /** Every entry but the manifest, by name, given the runtime's files to carry. */
    public SortedMap<String, byte[]> entries(SortedMap<String, byte[]> runtime) {
        SortedMap<String, byte[]> entries = new TreeMap<>();
        for (var e : runtime.entrySet()) {
            if (!RuntimeClasses.isRuntimeFile(e.getKey())) {
                throw new IllegalArgumentException(e.getKey() + " is not a file of the runtime");
            }
            entries.put(e.getKey(), e.getValue());
        }
        put(entries, className.replace('.', '/') + ".class", classFile);
        put(entries, Models.SOURCE_RESOURCE, source);
        put(entries, SERVICE_RESOURCE, (className + "\n").getBytes(StandardCharsets.UTF_8));
        return entries;
    }

    /** The jar's bytes, carrying the given runtime files. */
    public byte[] toBytes(SortedMap<String, byte[]> runtime) {
        return JarWriter.write(manifest(), entries(runtime));
    }

    /** The jar's bytes, carrying the runtime this process runs. */
    public byte[] toBytes() throws IOException {
        return toBytes(RuntimeClasses.ofThisRuntime());
    }

    /**
     * Writes the jar to {@code target} atomically: a reader, or a crash, sees the old file or
     * the whole new one, never a part.
     */
    public void write(Path target) throws IOException {
        byte[] jar = toBytes();
        AtomicFile.write(target, channel -> {
            ByteBuffer buffer = ByteBuffer.wrap(jar);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        });
    }

    private static void put(SortedMap<String, byte[]> entries, String name, byte[] bytes) {
        if (entries.put(name, bytes) != null) {
            throw new IllegalArgumentException("two entries named " + name);
        }
    }
}
