package dev.nnc.cli;

import dev.nnc.runtime.Spelling;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code nnc}: the command line. Each command is a small class of its own; this one wires them
 * together and owns what every command shares: help, version, exit codes and error handling.
 *
 * <p>Exit codes ({@link Exit}): 0 success, 1 a mistake in the user's input (diagnostics, data
 * that does not fit), 2 a bad command line, 3 a bug in nnc. A user's mistake never shows a
 * Java stack trace; a bug shows one only with {@code --debug} or {@code NNC_DEBUG=1}.
 * Results go to stdout, diagnostics and errors to stderr.
 */
@Command(name = "nnc",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        scope = ScopeType.INHERIT,
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        description = "A gradient compiler for the JVM, for networks written in the .nn language.",
        footer = {"", "Run 'nnc COMMAND --help' for the options of a command.",
            "The language is described in docs/language.md."})
public final class Main implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On an internal error, print the Java stack trace (or set NNC_DEBUG=1).")
    boolean debug;

    /** {@code nnc} alone: a command is required. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) throws InterruptedException {
        int[] code = {Exit.INTERNAL};
        // Deeply nested programs recurse deeply in the parser and in graph passes. A large stack
        // keeps "too deeply nested" a diagnostic the front end chooses to give, not a
        // StackOverflowError at the JVM's default of 512 KB to 1 MB.
        Thread worker = new Thread(null, () -> code[0] = execute(args), "nnc", 256L << 20);
        worker.start();
        worker.join();
        System.exit(code[0]);
    }

    /** Runs one command line against the standard streams, environment and compiler. */
    public static int execute(String[] args) {
        // Source files are UTF-8 and diagnostics quote them, so print UTF-8 whatever the locale.
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        return execute(args, out, err, System.getenv(), Toolchain.standard());
    }

    /**
     * Runs one command line and returns its exit code; everything printed goes to {@code out}
     * and {@code err}, which are flushed before it returns.
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env,
            Toolchain tools) {
        Main main = new Main();
        boolean debugEnv = "1".equals(env.get("NNC_DEBUG"));
        try {
            CommandLine cli = commandLine(main, tools, args.length == 0 ? null : args[0]);
            cli.setOut(out);
            cli.setErr(err);
            cli.setExecutionExceptionHandler((ex, cmd, parsed) -> internalError(ex, err, main.debug || debugEnv));
            return cli.execute(args);
        } catch (Throwable t) {
            // picocli hands Exceptions to the handler above; an Error (StackOverflowError,
            // OutOfMemoryError) comes straight through to here.
            return internalError(t, err, main.debug || debugEnv);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The command tree. New commands (grad, explain, graph, train, compile, emit-java) join here. */
    static CommandLine commandLine(Main main, Toolchain tools) {
        return commandLine(main, tools, null);
    }

    /**
     * The command tree, or, when {@code only} names one of its commands, the tree with that
     * command alone: picocli reflects on every command class it is given, which was most of a
     * short command's time (measured: {@code nnc check} on a small file, whole process, 0.36 s
     * with every command, against the JVM's 0.10 s to start). Everything the user can type
     * after the command name behaves the same; whatever else ({@code nnc help}, {@code nnc
     * --version}, a mistyped command, which wants the others' names) gets the whole tree.
     */
    static CommandLine commandLine(Main main, Toolchain tools, String only) {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("check", () -> new CheckCommand(tools));
        commands.put("run", () -> new RunCommand(tools));
        commands.put("grad", () -> new GradCommand(tools));
        commands.put("explain", () -> new ExplainCommand(tools));
        commands.put("graph", () -> new GraphCommand(tools));
        commands.put("train", () -> new TrainCommand(tools));
        commands.put("emit-java", () -> new EmitJavaCommand(tools));
        commands.put("compile", () -> new CompileCommand(tools));
        boolean all = only == null || !commands.containsKey(only);
        CommandLine cli = new CommandLine(main);
        for (Map.Entry<String, Supplier<Object>> c : commands.entrySet()) {
            if (all || only.equals(c.getKey())) {
                cli.addSubcommand(c.getKey(), c.getValue().get());
            }
        }
        if (cli.getSubcommands().containsKey("train")) {
            TrainCommand.configure(cli.getSubcommands().get("train"));
        }
        if (all) {
            cli.addSubcommand(new CommandLine.HelpCommand());
        }
        cli.setParameterExceptionHandler(Main::usageError);
        return cli;
    }

    /**
     * A bad command line: the message, picocli's "did you mean" for a mistyped option or
     * command, and where to get help. Not the whole usage text, which would bury the message.
     */
    private static int usageError(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String command = cmd.getCommandSpec().qualifiedName();
        String unknownCommand = unknownCommand(ex);
        if (unknownCommand != null) {
            String near = Spelling.closest(unknownCommand, cmd.getSubcommands().keySet());
            err.println(command + ": error: unknown command '" + unknownCommand + "'"
                    + (near == null ? "" : "; did you mean '" + near + "'?"));
        } else {
            err.println(command + ": error: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        }
        err.println("Try '" + command + " --help' for more information.");
        return Exit.USAGE;
    }

    /** The word typed where a command was expected ({@code nnc chek}), or null. */
    private static String unknownCommand(ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException)) {
            return null;
        }
        CommandLine cmd = ex.getCommandLine();
        List<String> unmatched = ((CommandLine.UnmatchedArgumentException) ex).getUnmatched();
        boolean expectsCommand = !cmd.getSubcommands().isEmpty() && cmd.getCommandSpec().positionalParameters().isEmpty();
        if (!expectsCommand || unmatched.isEmpty() || unmatched.get(0).startsWith("-")) {
            return null;
        }
        return unmatched.get(0);
    }

    private static int internalError(Throwable t, PrintWriter err, boolean debug) {
        err.println("internal error: " + t);
        err.println("This is a bug in nnc " + Version.number()
                + ". Please report it with the command you ran and the .nn file it ran on.");
        if (debug) {
            t.printStackTrace(err);
        } else {
            err.println("(Run again with --debug or NNC_DEBUG=1 to see the stack trace.)");
        }
        return Exit.INTERNAL;
    }
}
