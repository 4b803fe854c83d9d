package dev.nnc.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A separate JVM, run with the same {@code java} as the tests, its output captured in files
 * (pipes could fill and stall it) and a time limit, so a hung child fails a test rather than
 * the build.
 */
public final class JavaProcess {

    /** What a run printed and how it ended. */
    public record Result(List<String> command, int code, String out, String err) {
        /** For failure messages: the command and everything it printed. */
        public String describe() {
            return "command: " + String.join(" ", command) + "\nexit code: " + code + "\n--- stdout ---\n" + out
                    + "--- stderr ---\n" + err;
        }
    }

    public static final long TIMEOUT_SECONDS = 120;

    private JavaProcess() {}

    /** The java launcher running these tests. */
    public static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Runs {@code java ARGS} with {@code dir} as its current directory. */
    public static Result run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("nnc-test-stdout", ".txt");
        Path err = Files.createTempFile("nnc-test-stderr", ".txt");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            process.getOutputStream().close(); // no input: a child that reads stdin sees its end
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("timed out after " + TIMEOUT_SECONDS + " s\n"
                        + new Result(command, -1, read(out), read(err)).describe());
            }
            return new Result(command, process.exitValue(), read(out), read(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
