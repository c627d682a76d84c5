package io.elmanstream.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreLoopbackEmbeddedExactlyOnce() {
        AppConfig c = AppConfig.defaults();
        assertTrue(c.embedded());
        assertEquals("127.0.0.1", c.brokerHost());
        assertEquals(9092, c.brokerPort());
        assertTrue(c.exactlyOnce());
        assertEquals(32, c.recentWindow());
        assertEquals(0, c.idleStateMs());
    }

    @Test
    void fileThenFlagsWithClientAndBrokerSettingsSeparated() throws Exception {
        Path f = dir.resolve("app.properties");
        Files.writeString(f, """
                bootstrap.servers=kafka:9092
                processing.guarantee=at_least_once
                elman.recent.window=8
                security.protocol=SASL_SSL
                sasl.mechanism=PLAIN
                broker.sasl.enabled.mechanisms=PLAIN
                """);
        AppConfig c = AppConfig.builder().file(f).bootstrapServers("other:9093").build();
        assertEquals("other:9093", c.bootstrapServers().orElseThrow(), "flags win over the file");
        assertFalse(c.exactlyOnce());
        assertEquals(8, c.recentWindow());
        assertEquals("SASL_SSL", c.clientConfig("x:1").get("security.protocol"));
        assertEquals("PLAIN", c.brokerProperties().get("sasl.enabled.mechanisms"));
        assertFalse(c.clientProperties().containsKey("broker.sasl.enabled.mechanisms"));
    }

    @Test
    void unknownProductSettingsAndBadNumbersAreRefused() throws Exception {
        Path f = dir.resolve("bad.properties");
        Files.writeString(f, "elman.recnt.window=3\n");
        var e = assertThrows(IllegalArgumentException.class, () -> AppConfig.builder().file(f));
        assertTrue(e.getMessage().contains("unknown setting 'elman.recnt.window'"));
        Files.writeString(f, "elman.recent.window=many\n");
        assertThrows(IllegalArgumentException.class, () -> AppConfig.builder().file(f));
        assertThrows(IllegalArgumentException.class, () -> AppConfig.builder().file(dir.resolve("missing.properties")));
        assertThrows(IllegalArgumentException.class, () -> AppConfig.builder().brokerPort(70000).build());
    }
}
