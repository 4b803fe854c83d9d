package dev.nnc.runtime.app;

import dev.nnc.runtime.CompiledModel;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ServiceLoader;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Loads the models that {@code nnc compile} writes into jars, with nothing but this runtime:
 *
 * <pre>{@code
 * CompiledModel model = Models.load(Path.of("xor.jar"));
 * model.trainStep();
 * }</pre>
 *
 * <p>A model jar names its class in the manifest attribute {@value #MODEL_CLASS_ATTRIBUTE},
 * lists it as a {@code META-INF/services/dev.nnc.runtime.CompiledModel} service, and carries
 * the {@code .nn} source it came from at {@value #SOURCE_RESOURCE}. It also carries a copy of
 * the runtime, so that {@code java -jar} needs nothing else.
 */
public final class Models {

    /** The manifest attribute naming the generated class, such as {@code nnc.generated.Xor}. */
    public static final String MODEL_CLASS_ATTRIBUTE = "Nnc-Model-Class";

    /** Where a model jar keeps the {@code .nn} source of its model. */
    public static final String SOURCE_RESOURCE = "META-INF/nnc/model.nn";

    private Models() {}

    /**
     * Loads the model in a jar written by {@code nnc compile} and calls its constructor.
     *
     * <p>The jar gets a class loader of its own whose parent is this runtime's loader. Loaders
     * ask their parent first, so the generated class links against the runtime the caller
     * already has, and the jar's own copy of the runtime is never loaded: a model and the
     * application that uses it agree on what {@link CompiledModel} is. The loader stays open
     * as long as the model may load classes; it is left to the garbage collector with the
     * model.
     *
     * @throws NoSuchFileException when there is no such file
     * @throws IOException when the file cannot be read or is not a jar
     * @throws IllegalArgumentException when the jar holds no nnc model, or its model class
     *     cannot be loaded or constructed
     */
    public static CompiledModel load(Path jar) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new NoSuchFileException(jar.toString(), null,
                    Files.exists(jar) ? "not a file, so not a model jar" : "no such file");
        }
        String className = modelClass(jar);
        URLClassLoader loader = new URLClassLoader("nnc-model-jar", new URL[] {jar.toUri().toURL()},
                Models.class.getClassLoader());
        try {
            return instantiate(loader.loadClass(className), jar.toString());
        } catch (ClassNotFoundException | LinkageError e) {
            closeQuietly(loader, e);
            throw new IllegalArgumentException(jar + ": cannot load the model class " + className + " that its manifest"
                    + " names: " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(loader, e);
            throw e;
        }
    }

    /**
     * The first {@code dev.nnc.runtime.CompiledModel} service that {@code loader} can see, for
     * an application that has model jars on its class path.
     *
     * @throws IllegalArgumentException when the loader sees no model
     * @throws java.util.ServiceConfigurationError when a service entry names a class that
     *     cannot be loaded or constructed
     */
    public static CompiledModel load(ClassLoader loader) {
        return ServiceLoader.load(CompiledModel.class, loader).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no nnc model on the class path: no jar or directory there has a "
                        + "META-INF/services/" + CompiledModel.class.getName() + " entry"));
    }

    /**
     * The {@code .nn} source a model was compiled from, read from the jar or directory its class
     * was loaded from; null for a model compiled in-process, whose class comes from no file.
     *
     * <p>The source is looked up where the class itself came from, not through the class
     * loader's search order, so with several model jars on one class path each model still
     * gets its own.
     *
     * @throws IOException when the jar cannot be read
     */
    public static String source(CompiledModel model) throws IOException {
        Path location = location(model.getClass());
        if (location == null) {
            return null;
        }
        if (Files.isDirectory(location)) {
            Path file = location.resolve(SOURCE_RESOURCE);
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            JarEntry entry = jar.getJarEntry(SOURCE_RESOURCE);
            if (entry == null) {
                return null;
            }
            try (InputStream in = jar.getInputStream(entry)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    /** The model class a jar's manifest names. */
    private static String modelClass(Path jar) throws IOException {
        Manifest manifest;
        try (JarFile file = new JarFile(jar.toFile())) {
            manifest = file.getManifest();
        } catch (IOException e) {
            // ZipException's own message ("zip END header not found") does not say what was wrong.
            throw new IOException(jar + ": cannot read it as a jar: " + e.getMessage(), e);
        }
        String className = manifest == null ? null : manifest.getMainAttributes().getValue(MODEL_CLASS_ATTRIBUTE);
        if (className == null || className.isBlank()) {
            throw new IllegalArgumentException(jar + " is not an nnc model jar: its manifest has no "
                    + MODEL_CLASS_ATTRIBUTE + " attribute (write one with 'nnc compile FILE.nn -o "
                    + jar.getFileName() + "')");
        }
        return className.trim();
    }

    private static CompiledModel instantiate(Class<?> c, String origin) {
        if (!CompiledModel.class.isAssignableFrom(c)) {
            throw new IllegalArgumentException(origin + ": the model class " + c.getName() + " does not implement "
                    + CompiledModel.class.getName());
        }
        try {
            return (CompiledModel) c.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new IllegalArgumentException(origin + ": the constructor of the model class " + c.getName()
                    + " failed: " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(origin + ": cannot construct the model class " + c.getName()
                    + " (it needs a public constructor without arguments): " + e, e);
        }
    }

    /** The jar or directory a class was loaded from, or null. */
    private static Path location(Class<?> c) {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        URL url = source == null ? null : source.getLocation();
        if (url == null || !"file".equals(url.getProtocol())) {
            return null;
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static void closeQuietly(URLClassLoader loader, Throwable failure) {
        try {
            loader.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
