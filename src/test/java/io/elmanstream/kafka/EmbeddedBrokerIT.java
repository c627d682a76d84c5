package io.elmanstream.kafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Start-up mistakes on the real broker: a data directory in use is left untouched; a busy port is one line. */
class EmbeddedBrokerIT {
    @TempDir
    Path dir;

    @Test
    void aSecondBrokerOnADataDirectoryInUseChangesNothingThere() throws Exception {
        int port = EmbeddedBroker.freePort("127.0.0.1");
        try (EmbeddedBroker first = new EmbeddedBroker("127.0.0.1", port, dir).start()) {
            Map<Path, byte[]> before = snapshot(dir);
            assertTrue(before.keySet().stream().anyMatch(p -> p.endsWith("quorum-state")), "a live KRaft directory: " + before.keySet());
            EmbeddedBroker second = new EmbeddedBroker("127.0.0.1", EmbeddedBroker.freePort("127.0.0.1"), dir);
            var e = assertThrows(IllegalStateException.class, second::start);
            assertTrue(e.getMessage().contains("data directory " + dir + " is in use by another broker"), e.getMessage());
            Map<Path, byte[]> after = snapshot(dir);
            assertEquals(before.keySet(), after.keySet(), "no file added or removed");
            for (Path p : before.keySet()) {
                if (p.endsWith("server.properties") || p.endsWith("quorum-state")) {
                    assertTrue(Arrays.equals(before.get(p), after.get(p)), p + " unchanged");
                }
            }
        }
        // released on close: the directory can be used again
        try (EmbeddedBroker again = new EmbeddedBroker("127.0.0.1", port, dir).start()) {
            assertEquals("127.0.0.1:" + port, again.bootstrapServers());
        }
    }

    private static Map<Path, byte[]> snapshot(Path root) throws Exception {
        Map<Path, byte[]> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".log") && !p.toString().endsWith(".index")
                    && !p.toString().endsWith(".timeindex") && !p.getFileName().toString().startsWith("."))
                    .filter(p -> p.toString().contains("__cluster_metadata") || p.getParent().equals(root) || p.endsWith("meta.properties")).toList()) {
                files.put(root.relativize(p), Files.readAllBytes(p));
            }
        }
        return files;
    }
}
