package io.elmanstream.stream;

import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.kafka.TopicCatalog;
import io.elmanstream.records.DeadLetters;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

import java.util.Properties;

/** Kafka Streams properties for the app, derived from the one {@link AppConfig}. */
public final class StreamsSettings {
    static final int PRODUCER_BATCH_BYTES = 128 * 1024;

    private StreamsSettings() {
    }

    /** What the producer accepts unless {@code max.request.size} says otherwise: Kafka's default. */
    static final int DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

    /**
     * @param refused the instance's note of refused outputs, shared with its topology and handed to
     *                {@link OutputFailureHandler} (an object in the properties: Kafka Streams passes its
     *                original settings to the handlers it configures, and only known names to clients)
     */
    public static Properties of(AppConfig config, String bootstrap, TopicCatalog topics, RefusedOutputs refused) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                config.exactlyOnce() ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        // the step's task reads the events and the rerouted events, which are nearly always empty; no
        // join needs their times aligned, so a task never waits for the empty one, and Kafka Streams
        // skips the per-record readiness check that formats a log line for it (a tenth of the
        // stream thread's time at 60k events/s, docs/BENCHMARKS.md)
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        if (config.embedded()) p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        // predictions and state changelogs are repetitive bytes: lz4 halves what the broker appends
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        // a prediction is ~200 bytes: the default 16 KB batch fills in a few milliseconds at stream
        // rates, and the per-request and per-batch costs (broker append, lz4 frames, transaction
        // bookkeeping) then dominate; 128 KB batches are what let predictions keep up with a
        // changelogged counter (bench stream, docs/BENCHMARKS.md). producer.batch.size overrides it.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_BYTES);
        // anything our own validation did not foresee still ends as a bounded dead letter, never a
        // crash; an output the broker refuses too (OutputFailureHandler). Keys and values are read as
        // bytes, so deserialization cannot fail; should it, the record is logged and skipped.
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ProcessingErrorHandler.class.getName());
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, OutputFailureHandler.class.getName());
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
        p.put(OutputFailureHandler.REFUSED_OUTPUTS, refused);
        p.put(OutputFailureHandler.DEAD_LETTERS, new DeadLetters(config.maxKeyBytes(), config.deadLetterMaxBytes()));
        p.put(OutputFailureHandler.DEAD_LETTER_TOPIC, topics.deadLetter().name());
        p.put(OutputFailureHandler.PREDICTIONS_TOPIC, topics.predictions().name());
        p.putAll(config.clientProperties());
        return p;
    }

    /**
     * The settings for a session's cluster: as {@link #of(AppConfig, String, TopicCatalog, RefusedOutputs)}, with Kafka
     * Streams' internal topics (changelogs) replicated as the session's own topics are.
     */
    public static Properties of(KafkaSession session, RefusedOutputs refused) {
        Properties p = of(session.config(), session.bootstrapServers(), session.topics(), refused);
        session.replication().factor().ifPresent(f -> p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, f));
        session.replication().minInsync().ifPresent(m -> p.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), Integer.toString(m)));
        return p;
    }

    /** The largest request the app's producer sends: {@code producer.max.request.size}, else {@code max.request.size}. */
    public static int maxRequestBytes(AppConfig config) {
        String v = config.clientProperties().getOrDefault(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                config.clientProperties().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        if (v == null) return DEFAULT_MAX_REQUEST_BYTES;
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("max.request.size must be a whole number, got '" + v + "'");
        }
    }
}
