package io.elmanstream.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A consumer that reads one whole topic outside any consumer group, as tail, the archive read and
 * the models read do: every partition assigned by hand (no rebalance, no committed offsets),
 * only committed records ({@code read_committed}), positioned at the beginning or the end.
 */
public final class TopicReader {
    private TopicReader() {
    }

    public static KafkaConsumer<String, byte[]> open(Map<String, Object> clientConfig, String topic, boolean fromBeginning) {
        return open(clientConfig, topic, fromBeginning, new StringDeserializer());
    }

    /** The same with keys read by the given deserializer (bytes, to judge a key as the stream does). */
    public static <K> KafkaConsumer<K, byte[]> open(Map<String, Object> clientConfig, String topic, boolean fromBeginning,
                                                   Deserializer<K> keys) {
        Map<String, Object> p = new HashMap<>(clientConfig);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        KafkaConsumer<K, byte[]> consumer = new KafkaConsumer<>(p, keys, new ByteArrayDeserializer());
        try {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            if (fromBeginning) consumer.seekToBeginning(parts);
            else consumer.seekToEnd(parts);
            parts.forEach(consumer::position); // resolve now, not lazily at the first poll
            return consumer;
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /** The partitions the consumer reads, in partition order. */
    public static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer) {
        return consumer.assignment().stream().sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
    }
}
