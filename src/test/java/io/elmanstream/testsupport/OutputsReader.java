package io.elmanstream.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.elmanstream.kafka.TopicCatalog;
import io.elmanstream.kafka.TopicReader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the committed predictions and dead letters from the beginning until together they reach a
 * count, then keeps reading for a settle period so that late duplicates would be seen too.
 */
public final class OutputsReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Outputs(List<JsonNode> predictions, List<JsonNode> deadLetters) {
        public int total() {
            return predictions.size() + deadLetters.size();
        }
    }

    private OutputsReader() {
    }

    public static Outputs read(Map<String, Object> clientConfig, TopicCatalog topics, int expected, Duration timeout, Duration settle) throws Exception {
        Outputs out = new Outputs(new ArrayList<>(), new ArrayList<>());
        try (var predictions = TopicReader.open(clientConfig, topics.predictions().name(), true);
             var dead = TopicReader.open(clientConfig, topics.deadLetter().name(), true)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            long settledAt = Long.MAX_VALUE;
            while (System.nanoTime() < deadline && System.nanoTime() < settledAt) {
                for (var r : predictions.poll(Duration.ofMillis(100))) out.predictions().add(JSON.readTree(r.value()));
                for (var r : dead.poll(Duration.ofMillis(100))) out.deadLetters().add(JSON.readTree(r.value()));
                if (out.total() >= expected && settledAt == Long.MAX_VALUE) settledAt = System.nanoTime() + settle.toNanos();
            }
        }
        return out;
    }
}
