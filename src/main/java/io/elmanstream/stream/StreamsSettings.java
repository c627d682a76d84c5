package io.elmanstream.stream;

import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.TopicCatalog;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;

import java.util.Properties;

/** Kafka Streams properties for the app, derived from the one {@link AppConfig}. */
public final class StreamsSettings {
    static final int PRODUCER_BATCH_BYTES = 128 * 1024;

    private StreamsSettings() {
    }

    public static Properties of(AppConfig config, String bootstrap, TopicCatalog topics) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                config.exactlyOnce() ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        if (config.embedded()) p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        // predictions and state changelogs are repetitive bytes: lz4 halves what the broker appends
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        // a prediction is ~200 bytes: the default 16 KB batch fills in a few milliseconds at stream
        // rates, and the per-request and per-batch costs (broker append, lz4 frames, transaction
        // bookkeeping) then dominate; 128 KB batches are what let predictions keep up with a
        // changelogged counter (bench stream, docs/BENCHMARKS.md). producer.batch.size overrides it.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_BYTES);
        // anything our own validation did not foresee still ends as a dead letter, never a crash
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class.getName());
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetter().name());
        p.putAll(config.clientProperties());
        return p;
    }
}
