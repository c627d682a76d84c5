package io.elmanstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.elmanstream.testsupport.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static io.elmanstream.testsupport.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {

    @ParameterizedTest
    @CsvSource(delimiter = '#', quoteCharacter = '"', value = {
            "train|--task|nope#--task",
            "train|--task|text|--data|/no/such/file#not found",
            "train|--task|text#needs --data",
            "train|--task|xor|--hidden|0#--hidden",
            "train|--task|xor|--data|0 2 1#symbol '2'",
            "train|--task|xor|--data|;#empty",
            "predict|--model|/no/such.json|--input|1#not found",
            "gradcheck|--task|bogus#unknown task",
            "retrain|--model|xor|--every|10x#--every takes a number and a unit",
            "retrain|--model|xor|--every|1m|--runs|-1#--runs must be >= 0",
            "tail|--max|-1#--max must be >= 0",
            "frobnicate#frobnicate"})
    void badArgumentsGiveOneLineAndNonZeroExit(String line, String expected) {
        Cli.Run r = run(line.split("\\|"));
        assertNotEquals(0, r.code(), r.err());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertFalse(err.contains("Exception"), err);
        assertTrue(err.startsWith("error: "), err);
        assertTrue(err.contains(expected), err);
    }

    /** Checked before any work starts: a usage error, exit 2, one line naming the option, its range and the value. */
    @ParameterizedTest
    @CsvSource(delimiter = '#', quoteCharacter = '"', value = {
            "train|--task|xor|--epochs|-1#--epochs must be >= 1, got -1",
            "train|--task|text|--data|x.txt|--learning-rate|-0.1#--learning-rate must be > 0, got -0.1",
            "train|--task|text|--data|x.txt|--learning-rate|0#--learning-rate must be > 0, got 0.0",
            "train|--task|xor|--hidden|5000#--hidden must be >= 1 and <= 4096, got 5000",
            "demo|--rate|0#--rate must be >= 1, got 0",
            "run|--http-port|70000#--http-port must be >= -1 and <= 65535, got 70000",
            "generate|--model|m.json|--temperature|0#--temperature must be > 0, got 0.0",
            "retrain|--model|xor|--min-gain|-1#--min-gain must be >= 0, got -1.0",
            "train|--task|text|--dropout|1#--dropout must be >= 0 and < 1, got 1.0",
            "bench|stream|--events|0#--events must be >= 1, got 0"})
    void numericOptionsOutOfRangeAreUsageErrorsBeforeAnyWork(String line, String expected) {
        Cli.Run r = run(line.split("\\|"));
        assertEquals(2, r.code(), r.err());
        assertEquals("error: " + expected + " (see --help)", r.err().strip());
        assertEquals("", r.out());
    }

    /** Every numeric option of every command says what it accepts (seeds and the sweep's ends take any number). */
    @Test
    void everyNumericOptionHasARange() {
        List<String> unchecked = new ArrayList<>();
        List<CommandLine> all = new ArrayList<>();
        collectCommands(new CommandLine(new Main()), all);
        for (CommandLine c : all) {
            for (var o : c.getCommandSpec().options()) {
                Class<?> t = o.type();
                boolean numeric = t == int.class || t == long.class || t == double.class || t == Integer.class || t == Long.class || t == Double.class;
                if (!numeric || Set.of("--seed", "--from", "--to").contains(o.longestName())) continue;
                if (!(o.userObject() instanceof Field f) || f.getAnnotation(Range.class) == null) {
                    unchecked.add(c.getCommandName() + " " + o.longestName());
                }
            }
        }
        assertEquals(List.of(), unchecked);
    }

    private static void collectCommands(CommandLine cl, List<CommandLine> out) {
        out.add(cl);
        cl.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) collectCommands(sub, out);
        });
    }

    @Test
    void symbolOutsideTheVocabularyIsRefused(@TempDir Path dir) {
        Path model = dir.resolve("hello.json");
        assertEquals(0, run("train", "--task", "hello", "--out", model.toString()).code());
        Cli.Run r = run("predict", "--model", model.toString(), "--input", "help");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("symbol 'p'"), r.err());
    }

    @Test
    void trainWritesAModelThatPredictsTheTutorialCheck(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("xor.json");
        Cli.Run t = run("train", "--task", "xor", "--seed", "5", "--out", model.toString());
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("PASSED"), t.out());
        assertTrue(t.out().matches("(?s).*final cost .*function evaluations?.*restarts?.*wall time.*"), t.out());
        assertTrue(Files.size(model) > 100);
        Cli.Run p = run("predict", "--model", model.toString(), "--input", "1 0 0 1 1 0", "--json");
        assertEquals(0, p.code(), p.err());
        var arr = new ObjectMapper().readTree(p.out());
        assertEquals(6, arr.size());
        StringBuilder got = new StringBuilder();
        for (int i = 1; i < 6; i++) got.append(arr.get(i).get("predicted").asText());
        assertEquals("10101", got.toString());
        assertTrue(arr.get(0).get("probabilities").has("1"));
    }

    /** Every command and subcommand, found from the command tree itself, so a new one cannot go untested. */
    @Test
    void everyCommandHasHelp() {
        List<String[]> paths = new ArrayList<>();
        collect(new CommandLine(new Main()), new ArrayList<>(), paths);
        assertTrue(paths.size() >= 16, "13 commands and bench's 3: " + paths.size());
        for (String[] path : paths) {
            String[] args = Arrays.copyOf(path, path.length + 1);
            args[path.length] = "--help";
            Cli.Run r = run(args);
            assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.out().contains("Usage: elman-stream " + String.join(" ", path)), r.out());
            assertTrue(r.err().isEmpty(), r.err());
        }
    }

    private static void collect(CommandLine cl, List<String> path, List<String[]> out) {
        cl.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) return;
            List<String> p = new ArrayList<>(path);
            p.add(name);
            out.add(p.toArray(String[]::new));
            collect(sub, p, out);
        });
    }
}
