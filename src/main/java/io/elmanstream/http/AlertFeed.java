package io.elmanstream.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.elmanstream.kafka.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The open alerts of the whole application, for the live page: a reader of the alerts topic (every
 * partition, committed records only, no consumer group) that starts at the newest
 * {@link #BACKLOG} records of each partition and keeps, per model and key, the alert not yet
 * cleared. Every instance keeps its own copy, so any instance's page lists every key's alerts.
 */
final class AlertFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertFeed.class);
    static final int BACKLOG = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, JsonNode> open = new LinkedHashMap<>();
    private final Thread reader;
    private volatile boolean stopped;

    AlertFeed(Map<String, Object> clientConfig, String topic) {
        reader = new Thread(() -> read(clientConfig, topic), "elman-alert-feed");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(Map<String, Object> clientConfig, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = TopicReader.open(clientConfig, topic, true)) {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(consumer.assignment());
            end.forEach((tp, e) -> consumer.seek(tp, Math.max(begin.getOrDefault(tp, 0L), e - BACKLOG)));
            while (!stopped) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) apply(r.value());
            }
        } catch (RuntimeException e) {
            if (!stopped) LOG.warn("the live page's alert list stopped: {}", e.toString());
        }
    }

    void apply(byte[] value) {
        try {
            JsonNode a = JSON.readTree(value);
            String id = a.path("model").asText() + "\u0000" + a.path("key").asText();
            synchronized (open) {
                if (a.path("type").asText().equals("alert")) open.put(id, a);
                else open.remove(id);
            }
        } catch (IOException e) {
            LOG.warn("skipped an alert record that is not JSON: {}", e.getMessage());
        }
    }

    /** The open alerts, newest first (a key's alert that cleared and opened again counts from its reopening). */
    List<JsonNode> open() {
        List<JsonNode> newestFirst;
        synchronized (open) {
            newestFirst = new ArrayList<>(open.values());
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        reader.join(5_000);
    }
}
