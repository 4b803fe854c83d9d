package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command tree Main builds: the one command typed, or all of them when none was. */
class CommandTreeTest {
    private static final List<String> ALL = List.of("check", "run", "grad", "explain", "graph", "train",
            "emit-java", "compile", "help");

    private static Set<String> commands(String first) {
        CommandLine cli = Main.commandLine(new Main(), Toolchain.standard(), first);
        return cli.getSubcommands().keySet();
    }

    @Test
    void aCommandNameBuildsThatCommandAlone() {
        assertEquals(Set.of("check"), commands("check"));
        assertEquals(Set.of("train"), commands("train"));
        assertEquals(Set.of("emit-java"), commands("emit-java"));
    }

    @Test
    void anythingElseBuildsTheWholeTree() {
        for (String first : new String[] {null, "help", "--version", "--debug", "chek", "-h"}) {
            assertEquals(Set.copyOf(ALL), commands(first), String.valueOf(first));
        }
    }
}
