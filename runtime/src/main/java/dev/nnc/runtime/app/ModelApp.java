package dev.nnc.runtime.app;

import dev.nnc.runtime.CompiledModel;
import dev.nnc.runtime.Spelling;
import dev.nnc.runtime.data.DataException;
import dev.nnc.runtime.gemm.Gemm;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The command line of a compiled model: {@code train}, {@code eval}, {@code predict} and
 * {@code info}, the same whether the model runs from a jar that {@code nnc compile} wrote
 * ({@code java -jar model.jar train ...}, through {@link #main}) or in the compiler's process.
 * JDK only, like the rest of the runtime.
 *
 * <pre>
 *   train   [--data NAME=FILE|FILE]... [--features COLS] [--label COL] [--scale X] [--normalize]
 *           [--validation FRACTION] [--test NAME=FILE|FILE]... [--limit N] [--epochs N | --steps N]
 *           [--batch N] [--lr X] [--seed N] [--checkpoint DIR [--resume]] [--json] [--log-every K]
 *           [--plot FILE.svg] [--weights-out FILE] [--threads N]
 *   eval    --data ... --weights FILE [--features COLS] [--label COL] [--scale X] [--limit N]
 *           [--batch N] [--json] [--threads N]
 *   predict --data ... --weights FILE [-o|--output FILE] [--features COLS] [--label COL] [--scale X]
 *           [--limit N] [--batch N] [--threads N]
 *   info
 * </pre>
 *
 * Every command takes {@code --help}, which documents its output. The formats, in full:
 *
 * <ul>
 *   <li>{@code train} without {@code --data} ({@link DefaultInputsTraining}), as {@code nnc
 *       train}: with {@code --json} one line {@code {"step": k, "loss": x}} per logged step, x
 *       the loss at the weights after k updates (step 0 before any, the last line after the
 *       last update); otherwise three lines, "trained M for N steps with OPTIMIZER", "  loss A
 *       -> B", "  trained in S s (R steps/s)".
 *   <li>{@code train --data} with {@code --json} ({@link JsonReport}): per logged step
 *       {@code {"epoch": e, "step": k, "loss": x}} (e from 1; k the global step from 0, the
 *       updates before this batch; x the batch's loss before its update); per epoch {@code
 *       {"epoch": e, "train_loss": x, "val_loss": y, "val_accuracy": a}} (y and a null without
 *       a held-out set, a null without an accuracy; the held-out set is the validation split,
 *       else the test set); at the end, with both a validation split and a test set, {@code
 *       {"test_loss": y, "test_accuracy": a}}. Numbers are Double.toString's; NaN and the
 *       infinities strings. Notes go to standard error.
 *   <li>{@code train --data} as text ({@link TextReport}): a header line; a progress bar on a
 *       terminal, else a step line about every tenth of an epoch and at most one a second,
 *       {@code epoch 2/5  step 120/469  loss 0.432100  23,456 examples/s  1:23 left}; an
 *       epoch line, {@code epoch 2/5  train loss 0.432100  val loss 0.401234  val accuracy
 *       85.32% (427/500)  1.2 s}; a summary line; notes (files written, resumed from).
 *   <li>{@code eval}: "evaluated M on N examples", "loss X", "accuracy 85.32% (c/n)" or
 *       "accuracy n/a"; with {@code --json}, {@code {"examples": n, "loss": x, "accuracy": a}}.
 *   <li>{@code predict} ({@link PredictCommand}): CSV with a header; "class" first for a
 *       classifier (the name when training read class names), then every batched output's
 *       values, columns "NAME" or "NAME_0", "NAME_1", ...
 * </ul>
 *
 * <p>Exit status: {@value #OK} success; {@value #ERROR} an error in the data, the weights or the
 * use of the model (the message printed after {@code error: }, never a stack trace);
 * {@value #USAGE} a bad command line (the message, then a line pointing to {@code --help});
 * {@value #INTERRUPTED} training stopped by Ctrl-C (128 + SIGINT, as shells report it), after
 * its checkpoint was written; {@value #INTERNAL} a bug in nnc's runtime, with its stack trace.
 */
public final class ModelApp {
    public static final int OK = 0;
    public static final int ERROR = 1;
    public static final int USAGE = 2;
    public static final int INTERNAL = 3;
    public static final int INTERRUPTED = 130;

    /** The jar manifest attribute that names the generated model class. */
    static final String MODEL_CLASS_ATTRIBUTE = Models.MODEL_CLASS_ATTRIBUTE;
    /** The resource that holds the .nn source in a compiled jar. */
    static final String SOURCE_RESOURCE = Models.SOURCE_RESOURCE;

    static final List<Command> COMMANDS = List.of(TrainCommand.COMMAND, EvalCommand.COMMAND, PredictCommand.COMMAND,
            InfoCommand.COMMAND);

    private ModelApp() {}

    /**
     * Runs one model command with its options: train | eval | predict | info. Returns the exit code:
     * 0 ok, 1 an error in the data/weights/model use (message printed, never a stack trace),
     * 2 a bad command line (and 130 when Ctrl-C stopped training, 3 for a bug in the runtime).
     * Messages name the program {@code java -jar MODEL.jar}.
     */
    public static int run(CompiledModel model, String nnSource, List<String> args, PrintStream out, PrintStream err) {
        return run(model, nnSource, args, out, err, "java -jar " + model.name() + ".jar");
    }

    /**
     * As {@link #run(CompiledModel, String, List, PrintStream, PrintStream)}, naming the program
     * in messages as the user ran it: "Try 'PROGRAM train --help'".
     *
     * @param program what the user typed before the command name, such as {@code java -jar iris.jar}
     */
    public static int run(CompiledModel model, String nnSource, List<String> args, PrintStream out, PrintStream err,
                          String program) {
        Invocation inv = new Invocation(model, nnSource, out, err, program, System.console() != null, System::nanoTime,
                new StopSignal());
        return run(inv, args);
    }

    static int run(Invocation inv, List<String> args) {
        PrintStream err = inv.err();
        String command = null;
        try {
            if (args.isEmpty()) {
                throw new UsageException(null, "missing command: one of " + commandNames());
            }
            String name = args.get(0);
            if (name.equals("--help") || name.equals("-h") || name.equals("help")) {
                inv.out().print(usage(inv));
                return OK;
            }
            Command c = COMMANDS.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
            if (c == null) {
                throw new UsageException(null, "unknown command '" + name + "'" + Spelling.didYouMean(name,
                        COMMANDS.stream().map(Command::name).toList()) + " (the commands: " + commandNames() + ")");
            }
            command = c.name();
            Arguments a = Arguments.parse(c.name(), c.options(), args.subList(1, args.size()));
            if (a.has(Arguments.HELP.name())) {
                inv.out().print(c.help(inv.program()));
                return OK;
            }
            if (!c.options().contains(Threads.OPTION)) {
                return c.runner().run(inv, a);
            }
            int previous = Gemm.threads();
            Gemm.setThreads(Threads.from(a));
            try {
                return c.runner().run(inv, a);
            } finally {
                Gemm.setThreads(previous);
            }
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println("Try '" + inv.program() + (e.command() == null ? "" : " " + e.command()) + " --help' for more"
                    + " information.");
            return USAGE;
        } catch (DataException | CommandException | IllegalArgumentException | IllegalStateException e) {
            // IllegalArgument and IllegalState: the runtime's messages for a model used in a way it
            // cannot be (a label out of range met during a step, a model without a loss).
            err.println("error: " + e.getMessage());
            return ERROR;
        } catch (IOException e) {
            err.println("error: " + ioMessage(e));
            return ERROR;
        } catch (UncheckedIOException e) {
            err.println("error: " + ioMessage(e.getCause()));
            return ERROR;
        } catch (OutOfMemoryError e) {
            err.println("error: out of memory (" + e.getMessage() + "): give Java more with -Xmx (java -Xmx8g -jar ...),"
                    + " or use fewer examples with --limit");
            return ERROR;
        } catch (RuntimeException | StackOverflowError e) {
            err.println("error: internal error in nnc's runtime" + (command == null ? "" : " running " + command)
                    + ": " + e);
            e.printStackTrace(err);
            return INTERNAL;
        } finally {
            inv.out().flush();
            err.flush();
        }
    }

    /** An I/O failure as a sentence: the JDK's file exceptions carry only the path. */
    static String ioMessage(IOException e) {
        if (e instanceof NoSuchFileException n) {
            return "file not found: " + n.getFile() + (n.getReason() == null ? "" : " (" + n.getReason() + ")");
        }
        if (e instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (e instanceof FileSystemException f) {
            return f.getFile() + ": " + (f.getReason() == null ? e.getClass().getSimpleName() : f.getReason());
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static String commandNames() {
        return String.join(", ", COMMANDS.stream().map(Command::name).toList());
    }

    static String usage(Invocation inv) {
        StringBuilder s = new StringBuilder();
        s.append("Usage: ").append(inv.program()).append(" COMMAND [OPTIONS]\n");
        s.append("Train, evaluate and run the model '").append(inv.model().name()).append("', compiled by nnc.\n\n");
        s.append("Commands:\n");
        for (Command c : COMMANDS) {
            s.append("  ").append(c.name()).append(" ".repeat(9 - c.name().length())).append(c.summary()).append('\n');
        }
        s.append("\nRun '").append(inv.program()).append(" COMMAND --help' for the options of a command.\n");
        s.append("Exit status: 0 success, 1 an error in the data, weights or model use, 2 a bad command line,\n"
                + "130 training stopped by Ctrl-C.\n");
        return s.toString();
    }

    /**
     * The text {@code PROGRAM COMMAND --help} prints, for a tool that runs a command in its own
     * process and documents its options there ({@code nnc train}).
     *
     * @throws IllegalArgumentException when there is no such command
     */
    public static String help(String command, String program) {
        return COMMANDS.stream().filter(c -> c.name().equals(command)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no command '" + command + "' (the commands: "
                        + commandNames() + ")"))
                .help(program);
    }

    /**
     * The Main-Class of a compiled jar: instantiates the model class that the jar's manifest
     * names ({@value #MODEL_CLASS_ATTRIBUTE}), reads the .nn source from {@value #SOURCE_RESOURCE},
     * runs the command line and exits with its status.
     */
    public static void main(String[] args) {
        int code;
        try {
            Manifest manifest = manifest();
            String className = manifest == null ? null : manifest.getMainAttributes().getValue(MODEL_CLASS_ATTRIBUTE);
            if (className == null) {
                System.err.println("error: this jar does not say which model it holds: its manifest has no "
                        + MODEL_CLASS_ATTRIBUTE + " attribute (was it written by nnc compile?)");
                System.exit(ERROR);
                return;
            }
            CompiledModel model = (CompiledModel) Class.forName(className).getConstructor().newInstance();
            code = run(model, source(), Arrays.asList(args), System.out, System.err, "java -jar " + jarName());
        } catch (ReflectiveOperationException | ClassCastException | IOException e) {
            System.err.println("error: cannot load the model class of this jar: " + e);
            code = ERROR;
        }
        System.exit(code);
    }

    /** The manifest of the jar this class was loaded from, or else the first on the class path naming a model. */
    private static Manifest manifest() throws IOException {
        Path jar = jarPath();
        if (jar != null) {
            try (JarFile f = new JarFile(jar.toFile())) {
                Manifest m = f.getManifest();
                if (m != null && m.getMainAttributes().getValue(MODEL_CLASS_ATTRIBUTE) != null) {
                    return m;
                }
            }
        }
        Enumeration<URL> all = ClassLoader.getSystemResources(JarFile.MANIFEST_NAME);
        while (all.hasMoreElements()) {
            try (InputStream in = all.nextElement().openStream()) {
                Manifest m = new Manifest(in);
                if (m.getMainAttributes().getValue(new Attributes.Name(MODEL_CLASS_ATTRIBUTE)) != null) {
                    return m;
                }
            }
        }
        return null;
    }

    private static Path jarPath() {
        try {
            CodeSource code = ModelApp.class.getProtectionDomain().getCodeSource();
            if (code == null || code.getLocation() == null) {
                return null;
            }
            Path p = Path.of(code.getLocation().toURI());
            return p.toString().endsWith(".jar") ? p : null;
        } catch (Exception e) {
            return null; // an unusual class loader: fall back to the class path's manifests
        }
    }

    /** The jar's file name, as the user would type it; {@code model.jar} when not run from a jar. */
    private static String jarName() {
        Path jar = jarPath();
        return jar == null ? "model.jar" : jar.getFileName().toString();
    }

    private static String source() throws IOException {
        ClassLoader loader = ModelApp.class.getClassLoader();
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(SOURCE_RESOURCE)
                : loader.getResourceAsStream(SOURCE_RESOURCE)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
