package io.elmanstream.stream;

import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.kafka.TopicAdmin;
import io.elmanstream.records.DeadLetters;

import java.util.List;
import java.util.Map;

/**
 * What the topology needs to know about the cluster, read once at start: the largest output record
 * the producer and the output topics accept, and the partition count of the events topic (to tell
 * an event that arrived on the partition Java's partitioner gives its key from one that did not).
 */
public record ClusterFacts(int maxOutputBytes, int eventPartitions) {
    /** Batch and record headers around a record's key and value (61 + at most 21 bytes), rounded up. */
    static final int RECORD_OVERHEAD_BYTES = 128;

    /** Without a cluster (TopologyTestDriver): Kafka's default limits, and one partition, where every key is at home. */
    public static ClusterFacts standalone(AppConfig config) {
        return new ClusterFacts(StreamsSettings.maxRequestBytes(config) - RECORD_OVERHEAD_BYTES, 1);
    }

    /**
     * Reads the facts; refuses to start when a dead letter could exceed the output limit, or when
     * the rerouted-events topic does not have as many partitions as the events topic.
     */
    public static ClusterFacts read(KafkaSession session) throws Exception {
        AppConfig c = session.config();
        int topics = TopicAdmin.maxMessageBytes(session.clientConfig(),
                List.of(session.topics().predictions().name(), session.topics().deadLetter().name(), session.topics().alerts().name()));
        int limit = Math.min(StreamsSettings.maxRequestBytes(c), topics) - RECORD_OVERHEAD_BYTES;
        int deadLetter = new DeadLetters(c.maxKeyBytes(), c.deadLetterMaxBytes()).maxRecordBytes();
        if (deadLetter > limit) {
            throw new IllegalArgumentException("a dead letter may reach " + deadLetter + " bytes with elman.max.key.bytes="
                    + c.maxKeyBytes() + " and elman.deadletter.max.bytes=" + c.deadLetterMaxBytes() + ", more than the " + limit
                    + " bytes the producer (max.request.size) and the output topics (max.message.bytes) accept: lower them");
        }
        String events = session.topics().events().name();
        String rerouted = session.topics().rerouted().name();
        Map<String, Integer> partitions = TopicAdmin.partitionCounts(session.clientConfig(), List.of(events, rerouted));
        if (!partitions.get(events).equals(partitions.get(rerouted))) {
            throw new IllegalStateException(events + " has " + partitions.get(events) + " partitions but " + rerouted + " has "
                    + partitions.get(rerouted) + ": they must match (events for a key are rerouted to its partition there)");
        }
        return new ClusterFacts(limit, partitions.get(events));
    }
}
