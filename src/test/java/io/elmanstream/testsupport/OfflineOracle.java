package io.elmanstream.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.elmanstream.model.AlertRule;
import io.elmanstream.model.AlertScan;
import io.elmanstream.model.Model;
import io.elmanstream.model.Prediction;
import io.elmanstream.model.Predictor;
import io.elmanstream.records.AlertCodec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The offline forward pass as the oracle of the stream: a prediction equals it bit for bit, and a topic holds one per event. */
public final class OfflineOracle {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OfflineOracle() {
    }

    /** The stream's prediction equals the offline one: step, symbol, prediction, every probability and the surprisal, bit for bit. */
    public static void assertSame(Prediction offline, JsonNode p) {
        assertEquals(offline.step(), p.get("step").asLong());
        assertEquals(offline.symbol(), p.get("symbol").asText());
        assertEquals(offline.predicted(), p.get("predicted").asText());
        for (var e : offline.probabilities().entrySet()) {
            assertEquals(e.getValue(), p.get("probabilities").get(e.getKey()).asDouble(), 0.0, "probability of " + e.getKey());
        }
        if (Double.isNaN(offline.surprisal())) {
            assertFalse(p.has("surprisal"), "no surprisal at step " + offline.step() + ": " + p);
        } else {
            assertEquals(offline.surprisal(), p.get("surprisal").asDouble(), 0.0, "surprisal, bit for bit: " + p);
        }
    }

    /**
     * Exactly one prediction per sent event (none lost, none duplicated), in step order per key as
     * the output topic holds them (a key's predictions share a partition), each by the expected
     * model and version and equal to the offline pass.
     */
    public static void assertExactlyOncePerEventAndEqualOffline(List<JsonNode> out, Map<String, List<String>> sequences, Model xor, Model hello) {
        int events = sequences.values().stream().mapToInt(List::size).sum();
        Map<String, List<JsonNode>> byKey = new HashMap<>();
        Map<String, JsonNode> seen = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        for (JsonNode p : out) {
            String id = p.get("key").asText() + "#" + p.get("step").asLong();
            JsonNode first = seen.putIfAbsent(id, p);
            // an identical repeat is one event's output committed twice; a different one, a key state behind its outputs
            if (first != null) duplicates.add(id + (first.equals(p) ? " (identical)" : ": " + first + " then " + p));
            byKey.computeIfAbsent(p.get("key").asText(), k -> new ArrayList<>()).add(p);
        }
        assertEquals(0, duplicates.size(), () -> "duplicate predictions, of " + out.size() + " for " + events + " events; the first: "
                + String.join("; ", duplicates.subList(0, Math.min(5, duplicates.size()))));
        assertEquals(events, out.size(), "one prediction per event, none lost or duplicated");
        for (var e : sequences.entrySet()) {
            Model m = e.getKey().startsWith("x") ? xor : hello;
            List<String> seq = e.getValue();
            List<Prediction> offline = new Predictor(m).run(m.encode(String.join(m.spacedSymbols() ? " " : "", seq)));
            List<JsonNode> got = byKey.getOrDefault(e.getKey(), List.of());
            assertEquals(seq.size(), got.size(), e.getKey());
            for (int i = 0; i < seq.size(); i++) {
                JsonNode p = got.get(i);
                assertEquals(i, p.get("step").asLong(), e.getKey() + ": predictions in step order in the topic");
                assertEquals(m.name(), p.get("model").asText(), e.getKey());
                assertEquals(m.version(), p.get("modelVersion").asLong(), e.getKey());
                assertSame(offline.get(i), p);
            }
        }
    }

    /**
     * The alerts topic holds, per key, exactly the alerts the offline scan of the key's sequence
     * gives ({@link AlertScan}, the same JSON), in order, each once.
     */
    public static void assertAlertsEqualOffline(List<JsonNode> alerts, Map<String, List<String>> sequences, Model model, AlertRule rule,
                                                String keyPrefix) throws IOException {
        Map<String, List<JsonNode>> byKey = new HashMap<>();
        for (JsonNode a : alerts) byKey.computeIfAbsent(a.get("key").asText(), k -> new ArrayList<>()).add(a);
        int expectedTotal = 0;
        for (var e : sequences.entrySet()) {
            if (!e.getKey().startsWith(keyPrefix)) continue;
            int[] symbols = model.encode(String.join(model.spacedSymbols() ? " " : "", e.getValue()));
            List<JsonNode> expected = new ArrayList<>();
            for (var a : AlertScan.run(model, rule, symbols, null)) expected.add(JSON.readTree(AlertCodec.toJson(e.getKey(), model.name(), model.version(), a)));
            expectedTotal += expected.size();
            assertEquals(expected, byKey.getOrDefault(e.getKey(), List.of()), "the alerts of " + e.getKey() + ", each once, equal to the offline scan");
        }
        assertEquals(expectedTotal, alerts.size(), "no alert for a key that should have none");
    }
}
