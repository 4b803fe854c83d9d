package dev.nnc.runtime.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArgumentsTest {
    private static final List<Option> OPTIONS = List.of(Option.value("--epochs", "N", "epochs"),
            Option.repeated("--data", "FILE", "data"), Option.flag("--json", "json"), Option.value("--lr", "X", "lr"),
            Option.value("--output", "FILE", "out").alias("-o"));

    private static Arguments parse(String... words) {
        return Arguments.parse("train", OPTIONS, List.of(words));
    }

    private static String error(String... words) {
        UsageException e = assertThrows(UsageException.class, () -> parse(words));
        assertEquals("train", e.command());
        return e.getMessage();
    }

    @Test
    void readsValuesFlagsRepeatsAndBothSpellingsOfAValue() {
        Arguments a = parse("--epochs", "3", "--data=x=a.gz", "--data", "y=b.gz", "--json", "-o", "out.csv", "--lr=-0.5");
        assertEquals(3, a.intValue("--epochs", 1, 0));
        assertEquals(List.of("x=a.gz", "y=b.gz"), a.values("--data"));
        assertTrue(a.has("--json"));
        assertEquals("out.csv", a.value("--output"));
        assertEquals(-0.5, a.doubleValue("--lr", 0));
        assertFalse(parse().has("--json"));
        assertNull(parse().value("--epochs"));
        assertEquals(7, parse().intValue("--epochs", 7, 1), "the fallback is not checked against the minimum");
        assertTrue(parse("-h").has("--help"));
    }

    @Test
    void aMisspeltOptionGetsASuggestion() {
        assertEquals("unknown option '--epoch'; did you mean '--epochs'?", error("--epoch", "3"));
        assertEquals("unknown option '--jsno'; did you mean '--json'?", error("--jsno"));
        assertEquals("unknown option '--frobnicate'", error("--frobnicate"));
    }

    @Test
    void missingAndMalformedValuesAreNamed() {
        assertEquals("option '--epochs' needs a value (N)", error("--epochs"));
        assertEquals("option '--epochs' needs a value (N)", error("--epochs", "--json"));
        assertEquals("option '--epochs' needs a whole number, not 'three'",
                assertThrows(UsageException.class, () -> parse("--epochs", "three").intValue("--epochs", 1, 0))
                        .getMessage());
        assertEquals("option '--epochs' must be at least 1, not 0",
                assertThrows(UsageException.class, () -> parse("--epochs", "0").intValue("--epochs", 1, 1)).getMessage());
        assertEquals("option '--lr' needs a number, not '1e400'",
                assertThrows(UsageException.class, () -> parse("--lr", "1e400").doubleValue("--lr", 0)).getMessage());
        assertEquals("option '--json' takes no value, but was given 'yes'", error("--json=yes"));
        assertEquals("option '--epochs' is given more than once", error("--epochs", "1", "--epochs", "2"));
    }

    @Test
    void aBareWordIsNotAnOption() {
        assertEquals("unexpected argument 'iris.csv': train takes options only (a data file is given with --data"
                + " iris.csv)", error("iris.csv"));
    }

    @Test
    void optionsThatNeedOrExcludeEachOther() {
        assertEquals("option '--json' needs --epochs",
                assertThrows(UsageException.class, () -> parse("--json").requireWith("--json", "--epochs")).getMessage());
        assertEquals("options '--epochs' and '--lr' cannot be used together", assertThrows(UsageException.class,
                () -> parse("--epochs", "1", "--lr", "2").exclusive("--epochs", "--lr")).getMessage());
    }
}
