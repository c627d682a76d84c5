package io.elmanstream.kafka;

import io.elmanstream.config.AppConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What it takes to move model documents of up to {@code elman.model.max.bytes} through Kafka, in
 * one place: the models topic's {@code max.message.bytes}, the producer's {@code max.request.size}
 * and buffer for model traffic only (events and predictions keep their own limits), zstd on the
 * wire (JSON weights shrink to about 40%), and the fetch sizes of the consumers that read the
 * models topic: the global store's (which also restores it) and the model audit's.
 *
 * @param maxDocumentBytes the largest document, uncompressed
 */
public record ModelTransport(int maxDocumentBytes) {
    /** Room for the record's key, headers and batch framing around the document. */
    static final int OVERHEAD = 64 * 1024;

    public static ModelTransport of(AppConfig config) {
        return new ModelTransport(config.modelMaxBytes());
    }

    /** The largest record or batch: for the topic's {@code max.message.bytes} and the producer's {@code max.request.size}. */
    public int maxMessageBytes() {
        return maxDocumentBytes + OVERHEAD;
    }

    /** The models topic's own setting. */
    public Map<String, String> topicConfig() {
        return Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes()));
    }

    /** A producer that publishes model documents: a client's settings with these on top. */
    public Map<String, Object> producerConfig(Map<String, Object> clientConfig) {
        Map<String, Object> p = new HashMap<>(clientConfig);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxMessageBytes());
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(32L * 1024 * 1024, 2L * maxMessageBytes()));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }

    /** A consumer of the models topic: fetches whole documents in one go. */
    public Map<String, Object> consumerConfig(Map<String, Object> clientConfig) {
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxMessageBytes());
        c.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Math.max(50 * 1024 * 1024, maxMessageBytes()));
        return c;
    }

    /** The stream processor reads the models topic into its global store (and restores it from there). */
    public void applyToProcessor(Properties streams) {
        streams.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), maxMessageBytes());
        streams.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.FETCH_MAX_BYTES_CONFIG), Math.max(50 * 1024 * 1024, maxMessageBytes()));
    }

    /**
     * The model audit reads the models topic, keeps accepted documents in a changelogged store and
     * publishes them again: its consumer, producer and internal topics all carry whole documents.
     */
    public void applyToAudit(Properties streams) {
        streams.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), maxMessageBytes());
        streams.put(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), maxMessageBytes());
        streams.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), maxMessageBytes());
        streams.put(StreamsConfig.producerPrefix(ProducerConfig.BUFFER_MEMORY_CONFIG), Math.max(32L * 1024 * 1024, 2L * maxMessageBytes()));
        streams.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "zstd");
        streams.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), Integer.toString(maxMessageBytes()));
    }
}
