package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.lower.TestPrograms;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./nnc} script's JVM options: a copy of the script in a directory whose
 * {@code compiler/target/nnc.jar} is up to date (so it builds nothing), run with a fake JDK
 * first on PATH, reached through a symbolic link as Debian's alternatives do, whose
 * {@code java} records its arguments. The fake JDK's {@code release} file lists the module
 * {@code jdk.incubator.vector} or not.
 */
class LauncherScriptTest {
    private static final String VECTOR = "--add-modules=jdk.incubator.vector";

    @TempDir
    Path dir;

    @Test
    void trainAddsTheVectorModuleWhenTheJdkHasIt() throws Exception {
        List<String> args = launch(true, Map.of(), "train", "model.nn", "--epochs", "2");
        assertTrue(args.contains(VECTOR), args.toString());
        assertEquals(List.of("-jar", dir.resolve("root/compiler/target/nnc.jar").toString(), "train", "model.nn",
                "--epochs", "2"), args.subList(args.indexOf("-jar"), args.size()));
    }

    @Test
    void notWhenTheJdkLacksIt() throws Exception {
        assertFalse(launch(false, Map.of(), "train", "model.nn").contains(VECTOR));
    }

    @Test
    void notWhenTheUserSaysSo() throws Exception {
        assertFalse(launch(true, Map.of("NNC_VECTOR", "0"), "train", "model.nn").contains(VECTOR));
    }

    @Test
    void notForCommandsThatTrainNothing() throws Exception {
        for (String command : List.of("check", "run", "grad", "compile")) {
            assertFalse(launch(true, Map.of(), command, "model.nn").contains(VECTOR), command);
        }
    }

    /** The arguments the fake java got in its last call, after ./nnc ran with these. */
    private List<String> launch(boolean vectorModule, Map<String, String> env, String... nncArgs)
            throws IOException, InterruptedException {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("compiler/target"));
        Files.copy(TestPrograms.root().resolve("nnc"), root.resolve("nnc"),
                StandardCopyOption.REPLACE_EXISTING);
        executable(root.resolve("nnc"));
        Files.writeString(root.resolve("compiler/target/nnc.jar"), "");

        Path jdk = dir.resolve("jdk");
        Files.createDirectories(jdk.resolve("bin"));
        Path log = dir.resolve("java-args.txt");
        Files.deleteIfExists(log);
        // One argument a line, the calls separated by an empty line.
        Files.writeString(jdk.resolve("bin/java"), "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done >> '"
                + log + "'\necho >> '" + log + "'\n");
        executable(jdk.resolve("bin/java"));
        String modules = vectorModule ? "java.base jdk.incubator.vector jdk.jfr" : "java.base jdk.jfr";
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"17.0.15\"\nMODULES=\"" + modules + "\"\n");
        Path bin = dir.resolve("bin");
        Files.createDirectories(bin);
        Files.deleteIfExists(bin.resolve("java"));
        Files.createSymbolicLink(bin.resolve("java"), Path.of("../jdk/bin/java"));

        List<String> command = new ArrayList<>(List.of("bash", root.resolve("nnc").toString()));
        command.addAll(List.of(nncArgs));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        pb.environment().remove("NNC_VECTOR");
        pb.environment().putAll(env);
        pb.directory(dir.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "./nnc did not finish");
        assertEquals(0, p.exitValue(), output);
        String[] calls = Files.readString(log).split("\n\n");
        return List.of(calls[calls.length - 1].split("\n"));
    }

    private static void executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
