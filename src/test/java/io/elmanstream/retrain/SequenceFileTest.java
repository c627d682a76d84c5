package io.elmanstream.retrain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code export}'s files read back for {@code retrain --from}; a malformed file is refused with its line. */
class SequenceFileTest {
    @TempDir
    Path dir;

    @Test
    void writtenSequencesReadBackAndOtherModelsAreLeftOut() throws Exception {
        Path f = dir.resolve("s.jsonl");
        List<ArchivedSequence> sequences = List.of(
                new ArchivedSequence("k1", "xor", List.of("1", "0", "1"), Arrays.asList(null, "1", "1")),
                new ArchivedSequence("k2", "hello", List.of("h", "é"), Arrays.asList(null, null)));
        SequenceFile.write(f, sequences);
        assertEquals(sequences, SequenceFile.read(f, null));
        assertEquals(List.of(sequences.get(0)), SequenceFile.read(f, "xor"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"symbols\":[\"1\"]|line 1 is not JSON",
            "{\"symbols\":[\"1\",\"0\"],\"targets\":[null]}|line 1: needs arrays 'symbols' and 'targets' of equal length",
            "{\"symbols\":\"10\",\"targets\":[]}|line 1: needs arrays",
            "{\"symbols\":[1],\"targets\":[null]}|line 1: symbols must be strings, found 1",
            "{\"symbols\":[\"1\"],\"targets\":[{}]}|line 1: targets must be strings or null"})
    void malformedLinesAreRefusedWithTheirNumber(String line, String expected) throws Exception {
        Path f = dir.resolve("bad.jsonl");
        Files.writeString(f, line + "\n");
        var e = assertThrows(IllegalArgumentException.class, () -> SequenceFile.read(f, "xor"));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void aFileThatIsNotUtf8OrMissingIsRefused() throws Exception {
        Path f = dir.resolve("bin.jsonl");
        Files.write(f, new byte[]{'{', (byte) 0xFF, (byte) 0xFE, '}', '\n'});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SequenceFile.read(f, null)).getMessage().contains("is not UTF-8 text"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SequenceFile.read(dir.resolve("none.jsonl"), null))
                .getMessage().contains("sequence file not found"));
    }
}
