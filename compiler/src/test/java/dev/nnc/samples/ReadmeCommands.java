package dev.nnc.samples;

import java.util.ArrayList;
import java.util.List;

/**
 * The commands of a Markdown page: every fenced {@code sh} block, each line of it a command,
 * a line ending in a backslash joined to the next, comment lines and blank lines left out. A
 * block whose info string says {@code sh slow} holds commands too slow for the test suite
 * (the full Fashion-MNIST run); it is read, and marked.
 *
 * <p>The first {@code text} block after an {@code sh} block, before the next {@code sh}
 * block, is what its commands print, unless its info string says {@code text unchecked}
 * (output that another run's files decide). Its lines may be shortened: a line {@code ...}
 * stands for lines left out, and a line ending in {@code ...} for the rest of a line.
 */
final class ReadmeCommands {

    /** One command line, its continuation lines joined, and the page line it starts on. */
    record Command(int line, String text) {}

    /**
     * One {@code sh} block: its commands, in order, the page line of its fence, and the lines
     * the page says they print (empty when it shows none, or none to check).
     */
    record Block(int line, boolean slow, List<Command> commands, List<String> output) {
        /** The commands as a shell script, one to a line. */
        String script() {
            StringBuilder sb = new StringBuilder();
            for (Command c : commands) {
                sb.append(c.text()).append('\n');
            }
            return sb.toString();
        }
    }

    private ReadmeCommands() {}

    /** @throws IllegalArgumentException for an unclosed fence, a block ending mid-command, or an empty block */
    static List<Block> blocks(String markdown) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        List<Command> commands = null; // non-null inside an sh block
        List<String> output = null; // non-null inside the text block that shows an sh block's output
        boolean awaitingOutput = false; // after an sh block, before its text block
        boolean inOther = false;
        boolean slow = false;
        int fenceLine = 0;
        StringBuilder pending = null;
        int pendingLine = 0;
        for (int i = 0; i < lines.length; i++) {
            String text = lines[i].strip();
            if (text.startsWith("```")) {
                if (commands != null) {
                    if (pending != null) {
                        throw new IllegalArgumentException("line " + pendingLine + ": the block ends inside a continued command");
                    }
                    if (commands.isEmpty()) {
                        throw new IllegalArgumentException("line " + fenceLine + ": an sh block with no command");
                    }
                    blocks.add(new Block(fenceLine, slow, List.copyOf(commands), List.of()));
                    commands = null;
                    awaitingOutput = true;
                } else if (output != null) {
                    Block last = blocks.remove(blocks.size() - 1);
                    blocks.add(new Block(last.line(), last.slow(), last.commands(), List.copyOf(output)));
                    output = null;
                } else if (inOther) {
                    inOther = false;
                } else {
                    List<String> info = List.of(text.substring(3).strip().split("\\s+"));
                    fenceLine = i + 1;
                    slow = info.contains("slow");
                    if (info.get(0).equals("sh")) {
                        commands = new ArrayList<>();
                    } else if (awaitingOutput && info.get(0).equals("text") && !info.contains("unchecked")) {
                        output = new ArrayList<>();
                    } else {
                        inOther = true;
                    }
                    awaitingOutput &= !info.get(0).equals("text");
                }
                continue;
            }
            if (output != null) {
                output.add(lines[i]);
                continue;
            }
            if (commands == null || (pending == null && (text.isEmpty() || text.startsWith("#")))) {
                continue;
            }
            if (pending == null) {
                pending = new StringBuilder();
                pendingLine = i + 1;
            }
            if (text.endsWith("\\")) {
                pending.append(text.substring(0, text.length() - 1).stripTrailing()).append(' ');
                continue;
            }
            pending.append(text);
            commands.add(new Command(pendingLine, pending.toString()));
            pending = null;
        }
        if (commands != null || output != null || inOther) {
            throw new IllegalArgumentException("line " + fenceLine + ": a fenced block is never closed");
        }
        return blocks;
    }
}
