package io.elmanstream.stream;

import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.TopicCatalog;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamsSettingsTest {
    private static final String BATCH = StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG);

    private static Properties of(AppConfig c, RefusedOutputs refused) {
        return StreamsSettings.of(c, "localhost:9092", TopicCatalog.load(), refused);
    }

    /** Every default docs/OPERATIONS.md lists for Kafka Streams. */
    @Test
    void theDefaultsTheReadmeLists() {
        RefusedOutputs refused = new RefusedOutputs();
        Properties p = of(AppConfig.defaults(), refused);
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals(100L, p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        assertEquals(-1L, p.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG));
        assertEquals("lz4", p.get(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG)));
        assertEquals(5, p.get(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG)));
        assertEquals(128 * 1024, p.get(BATCH));
        assertEquals("elman-stream", p.get(StreamsConfig.APPLICATION_ID_CONFIG));
        assertEquals(ProcessingErrorHandler.class.getName(), p.get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG));
        assertEquals(OutputFailureHandler.class.getName(), p.get(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG));
        assertEquals(LogAndContinueExceptionHandler.class.getName(), p.get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG));
        assertEquals("elman.deadletter", p.get(OutputFailureHandler.DEAD_LETTER_TOPIC));
        assertSame(refused, p.get(OutputFailureHandler.REFUSED_OUTPUTS));
        // Kafka's own dead-letter queue would copy whole raw records: ours are bounded
        assertFalse(p.containsKey(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG));
        assertEquals(1, p.get(StreamsConfig.REPLICATION_FACTOR_CONFIG), "embedded: one broker");
        assertEquals(StreamsSettings.DEFAULT_MAX_REQUEST_BYTES, StreamsSettings.maxRequestBytes(AppConfig.defaults()));
    }

    @Test
    void atLeastOnceAndAnExistingCluster() {
        Properties p = of(AppConfig.builder().exactlyOnce(false).bootstrapServers("kafka:9092").build(), new RefusedOutputs());
        assertEquals(StreamsConfig.AT_LEAST_ONCE, p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertFalse(p.containsKey(StreamsConfig.REPLICATION_FACTOR_CONFIG), "a cluster's own default replication");
    }

    @Test
    void configuredSettingsWin() {
        AppConfig c = AppConfig.builder().clientProperty(BATCH, "32768").clientProperty("producer.max.request.size", "2000000").build();
        assertEquals("32768", of(c, new RefusedOutputs()).get(BATCH));
        assertEquals(2_000_000, StreamsSettings.maxRequestBytes(c));
        AppConfig plain = AppConfig.builder().clientProperty("max.request.size", "500000").build();
        assertEquals(500_000, StreamsSettings.maxRequestBytes(plain));
        AppConfig bad = AppConfig.builder().clientProperty("max.request.size", "big").build();
        var e = assertThrows(IllegalArgumentException.class, () -> StreamsSettings.maxRequestBytes(bad));
        assertTrue(e.getMessage().contains("max.request.size must be a whole number, got 'big'"));
    }
}
