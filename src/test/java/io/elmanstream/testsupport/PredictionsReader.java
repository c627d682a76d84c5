package io.elmanstream.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.elmanstream.kafka.TopicReader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a topic from the beginning with read_committed until it holds the expected count (or times out). */
public final class PredictionsReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PredictionsReader() {
    }

    public static List<JsonNode> readAll(Map<String, Object> clientConfig, String topic, int expected, Duration timeout) throws Exception {
        return readAll(clientConfig, topic, expected, timeout, Duration.ofMillis(1500));
    }

    /** As {@link #readAll}, reading on for {@code settle} after the expected count so that late duplicates are seen. */
    public static List<JsonNode> readAll(Map<String, Object> clientConfig, String topic, int expected, Duration timeout, Duration settle) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (var consumer = TopicReader.open(clientConfig, topic, true)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            // keep reading a little past the expected count so duplicates would be seen too
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < deadline && System.nanoTime() < quietUntil) {
                var records = consumer.poll(Duration.ofMillis(200));
                for (var r : records) out.add(JSON.readTree(r.value()));
                if (out.size() >= expected && quietUntil == Long.MAX_VALUE) quietUntil = System.nanoTime() + settle.toNanos();
            }
        }
        return out;
    }
}
