package io.elmanstream.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;

/**
 * Manual assignment of every partition of a topic, for the commands that read a topic outside any
 * consumer group (tail, the archive read, the models read): no rebalance, no committed offsets.
 */
public final class Partitions {
    private Partitions() {
    }

    /** Assigns all partitions of {@code topic} and positions at its beginning or its end. */
    public static List<TopicPartition> assignAll(Consumer<?, ?> consumer, String topic, boolean fromBeginning) {
        List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(parts);
        if (fromBeginning) consumer.seekToBeginning(parts);
        else consumer.seekToEnd(parts);
        parts.forEach(consumer::position); // resolve now, not lazily at the first poll
        return parts;
    }
}
