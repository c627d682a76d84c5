package io.elmanstream.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    /** Every documented elman.* key and Streams key the config reads, with its range check. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "elman.recent.window=4097|elman.recent.window must be 0..4096",
            "elman.recent.window=-1|elman.recent.window must be 0..4096",
            "elman.idle.state.ms=-5|elman.idle.state.ms must be >= 0",
            "elman.state.cache.keys=-1|elman.state.cache.keys must be >= 0",
            "elman.max.event.bytes=15|elman.max.event.bytes must be at least 16",
            "elman.max.key.bytes=0|elman.max.key.bytes must be 1..16384",
            "elman.max.key.bytes=16385|elman.max.key.bytes must be 1..16384",
            "elman.deadletter.max.bytes=63|elman.deadletter.max.bytes must be 64..16384",
            "elman.deadletter.max.bytes=16385|elman.deadletter.max.bytes must be 64..16384",
            "elman.broker.port=65536|broker port must be 0..65535",
            "commit.interval.ms=0|commit.interval.ms must be >= 1",
            "elman.http.port=-2|elman.http.port must be -1 (off) or 0..65535",
            "elman.http.port=65536|elman.http.port must be -1 (off) or 0..65535",
            "commit.interval.ms=soon|setting 'commit.interval.ms' must be a whole number",
            "processing.guarantee=exactly_once|processing.guarantee must be exactly_once_v2 or at_least_once, got 'exactly_once'",
            "processing.guarantee=at-least-once|processing.guarantee must be exactly_once_v2 or at_least_once"})
    void outOfRangeSettingsAreRefusedWithTheirName(String line, String expected) throws Exception {
        Path f = dir.resolve("range.properties");
        Files.writeString(f, line + "\n");
        var e = assertThrows(IllegalArgumentException.class, () -> AppConfig.builder().file(f).build());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void everyDocumentedKeyIsRead() throws Exception {
        Path f = dir.resolve("all.properties");
        Files.writeString(f, """
                bootstrap.servers=k:1
                elman.broker.host=0.0.0.0
                elman.broker.port=9999
                elman.data.dir=/tmp/x
                application.id=app
                processing.guarantee=exactly_once_v2
                elman.recent.window=7
                elman.max.event.bytes=1000
                elman.max.key.bytes=100
                elman.deadletter.max.bytes=200
                commit.interval.ms=250
                elman.idle.state.ms=60000
                elman.state.cache.keys=500
                elman.topics.dir=/etc/elman/topics
                elman.http.host=0.0.0.0
                elman.http.port=-1
                """);
        AppConfig c = AppConfig.builder().file(f).build();
        assertEquals("k:1", c.bootstrapServers().orElseThrow());
        assertEquals("0.0.0.0", c.brokerHost());
        assertEquals(9999, c.brokerPort());
        assertEquals(Path.of("/tmp/x"), c.dataDir());
        assertEquals("app", c.applicationId());
        assertTrue(c.exactlyOnce());
        assertEquals(7, c.recentWindow());
        assertEquals(1000, c.maxEventBytes());
        assertEquals(100, c.maxKeyBytes());
        assertEquals(200, c.deadLetterMaxBytes());
        assertEquals(250, c.commitIntervalMs());
        assertEquals(60000, c.idleStateMs());
        assertEquals(500, c.stateCacheKeys());
        assertEquals(Path.of("/etc/elman/topics"), c.topicsDir().orElseThrow());
        assertEquals("0.0.0.0", c.httpHost());
        assertEquals(-1, c.httpPort());
        assertTrue(c.clientProperties().isEmpty(), "every key above is the product's own: " + c.clientProperties());
    }

    @Test
    void defaultsOfTheBounds() {
        AppConfig c = AppConfig.defaults();
        assertEquals(64 * 1024, c.maxEventBytes());
        assertEquals(4 * 1024, c.maxKeyBytes());
        assertEquals(16 * 1024, c.deadLetterMaxBytes());
        assertEquals(100, c.commitIntervalMs());
        assertEquals(ElmanSettings.DEFAULT_STATE_CACHE_KEYS, c.stateCacheKeys());
        assertEquals(8080, c.httpPort());
        assertEquals("127.0.0.1", c.httpHost());
    }
}
