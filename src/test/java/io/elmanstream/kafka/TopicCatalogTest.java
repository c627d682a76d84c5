package io.elmanstream.kafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Topic definitions from the jar, or from a folder laid out as topics/ (no rebuild to rename a topic). */
class TopicCatalogTest {
    @TempDir
    Path dir;

    private void copyShippedDefinitions() throws Exception {
        for (Path f : Files.newDirectoryStream(Path.of("topics"), "*.properties")) Files.copy(f, dir.resolve(f.getFileName()));
    }

    @Test
    void theShippedCatalogIsTheTopicsFolder() throws Exception {
        copyShippedDefinitions();
        assertEquals(TopicCatalog.load(), TopicCatalog.load(dir));
        assertEquals(TopicCatalog.load().events().partitions(), TopicCatalog.load().rerouted().partitions(),
                "events are rerouted to the same partition number");
    }

    @Test
    void aFolderRenamesTopics() throws Exception {
        copyShippedDefinitions();
        Path events = dir.resolve("elman.events.properties");
        Files.writeString(events, Files.readString(events).replace("name=elman.events", "name=acme.events").replace("partitions=4", "partitions=8"));
        TopicCatalog c = TopicCatalog.load(dir);
        assertEquals("acme.events", c.events().name());
        assertEquals(8, c.events().partitions());
        assertEquals("elman.predictions", c.predictions().name());
    }

    @Test
    void aBrokenFolderIsRefusedWithWhatIsWrong() throws Exception {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TopicCatalog.load(dir.resolve("none"))).getMessage()
                .contains("topics folder not found"));
        var missing = assertThrows(IllegalArgumentException.class, () -> TopicCatalog.load(dir));
        assertTrue(missing.getMessage().contains("elman.events.properties in " + dir + " is missing"), missing.getMessage());
        copyShippedDefinitions();
        Files.writeString(dir.resolve("elman.models.properties"), "role=models\nname=m\npartitions=one\nreplication.factor=1\n");
        var bad = assertThrows(IllegalArgumentException.class, () -> TopicCatalog.load(dir));
        assertTrue(bad.getMessage().contains("must be whole numbers"), bad.getMessage());
        Files.writeString(dir.resolve("elman.models.properties"), "role=events\nname=m\npartitions=1\nreplication.factor=1\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TopicCatalog.load(dir)).getMessage().contains("declares role events"));
    }
}
