package io.elmanstream.stream;

import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.TopicCatalog;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StreamsSettingsTest {
    private static final String BATCH = StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG);

    @Test
    void producerBatchesAreLargeEnoughForPredictionsByDefault() {
        Properties p = StreamsSettings.of(AppConfig.defaults(), "localhost:9092", TopicCatalog.load());
        assertEquals(128 * 1024, p.get(BATCH));
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    }

    @Test
    void aConfiguredBatchSizeWins() {
        AppConfig c = AppConfig.builder().clientProperty(BATCH, "32768").build();
        assertEquals("32768", StreamsSettings.of(c, "localhost:9092", TopicCatalog.load()).get(BATCH));
    }
}
