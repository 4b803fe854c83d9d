package dev.nnc.runtime.app;

import java.io.IOException;
import java.util.List;

/**
 * One command of a compiled model's command line: its name, what it does, its options and
 * what runs it. {@link ModelApp} dispatches on the name and prints {@link #help}.
 *
 * @param usage the synopsis after the program and command name
 * @param details paragraphs after the options: formats, defaults, exit status
 */
record Command(String name, String summary, String usage, List<Option> options, String details, Runner runner) {

    /** Runs the command with its parsed options; returns the exit code. */
    @FunctionalInterface
    interface Runner {
        int run(Invocation inv, Arguments args) throws IOException;
    }

    /** {@code --help}: usage, summary, the options in a column, then the details. */
    String help(String program) {
        StringBuilder s = new StringBuilder();
        s.append("Usage: ").append(program).append(' ').append(name).append(usage.isEmpty() ? "" : " " + usage).append('\n');
        s.append(summary).append("\n\nOptions:\n");
        int width = 0;
        for (Option o : options) {
            width = Math.max(width, o.synopsis().length());
        }
        width = Math.max(width, Arguments.HELP.synopsis().length());
        for (Option o : options) {
            option(s, o, width);
        }
        option(s, Arguments.HELP, width);
        if (!details.isEmpty()) {
            s.append('\n').append(details.strip()).append('\n');
        }
        return s.toString();
    }

    private static void option(StringBuilder s, Option o, int width) {
        String indent = " ".repeat(width + 4);
        s.append("  ").append(o.synopsis()).append(" ".repeat(width - o.synopsis().length() + 2));
        int column = width + 4;
        boolean first = true;
        for (String word : o.help().split(" ")) {
            if (!first && column + 1 + word.length() > 100) {
                s.append('\n').append(indent);
                column = indent.length();
                first = true;
            }
            if (!first) {
                s.append(' ');
                column++;
            }
            s.append(word);
            column += word.length();
            first = false;
        }
        s.append('\n');
    }
}
