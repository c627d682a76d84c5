package io.elmanstream.cli;

import io.elmanstream.config.ElmanSettings;
import io.elmanstream.testsupport.ShellWords;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The docs' commands refer to files a clone has: every --data FILE of a command line exists in the repository. */
class ReadmeTest {
    /** The settings table of docs/OPERATIONS.md is the definitions' own (ElmanSettings.markdownTable()): a setting's range and default live in one place. */
    @Test
    void theSettingsTableIsGeneratedFromTheDefinitions() throws Exception {
        String readme = Files.readString(Path.of("docs", "OPERATIONS.md"));
        String start = "<!-- settings table: generated from ElmanSettings -->\n", end = "<!-- end of settings table -->";
        int a = readme.indexOf(start), b = readme.indexOf(end);
        assertTrue(a >= 0 && b > a, "docs/OPERATIONS.md has the settings table between its markers");
        assertEquals(ElmanSettings.markdownTable(), readme.substring(a + start.length(), b));
    }

    @Test
    void everyDataFileTheReadmeNamesIsInTheRepository() throws Exception {
        List<String> missing = new ArrayList<>();
        int files = 0;
        for (Path doc : List.of(Path.of("README.md"), Path.of("docs", "OPERATIONS.md"), Path.of("docs", "BENCHMARKS.md"), Path.of("docs", "DESIGN.md"))) {
            for (String line : Files.readString(doc).lines().filter(l -> l.contains("java -jar target/elman-stream.jar")).toList()) {
                List<String> words = ShellWords.split(line);
                for (int i = 0; i + 1 < words.size(); i++) {
                    String arg = words.get(i + 1);
                    if (!words.get(i).equals("--data") || !arg.matches("[\\w./-]+\\.txt")) continue;
                    files++;
                    if (!Files.isRegularFile(Path.of(arg))) missing.add(doc + ": " + arg);
                }
            }
        }
        assertTrue(files >= 2, "the text examples name their corpus: " + files);
        assertEquals(List.of(), missing);
    }
}
