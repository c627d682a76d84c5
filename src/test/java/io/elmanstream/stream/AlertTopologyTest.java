package io.elmanstream.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.elmanstream.config.AppConfig;
import io.elmanstream.model.AlertRule;
import io.elmanstream.model.AlertThreshold;
import io.elmanstream.model.Model;
import io.elmanstream.records.Event;
import io.elmanstream.serving.AlertRules;
import io.elmanstream.testsupport.MeterValues;
import io.elmanstream.testsupport.OfflineOracle;
import io.elmanstream.testsupport.TestModels;
import io.elmanstream.testsupport.TopologyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Alerts in the topology: per key, the alerts topic holds exactly what the offline scan of the
 * key's sequence gives (record by record, the same JSON), an injected anomaly opens one alert that
 * clears, a reset closes an open alert, and a model without a threshold raises none.
 */
class AlertTopologyTest {
    @TempDir
    Path dir;

    private static final String HELLO = "helo";

    /** "hello" repeated (its "o" -> "h" is new to the model: 16-step means near 7.6 bits), with random letters injected from {@code from} for {@code length} events. */
    private static List<String> helloWithNoise(Random rnd, int events, int from, int length) {
        List<String> seq = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            seq.add(i >= from && i < from + length ? Character.toString(HELLO.charAt(rnd.nextInt(4))) : Character.toString("hello".charAt(i % 5)));
        }
        return seq;
    }

    @Test
    void eachKeysAlertsAreTheOfflineScansAndAnInjectedAnomalyOpensOneThatClears() throws Exception {
        Model hello = TestModels.hello(4, 1);
        AppConfig config = AppConfig.builder().dataDir(dir).alertThreshold("hello", 12).build();
        AlertRule rule = AlertRules.of(hello, config);
        assertEquals(new AlertRule(16, 12, 12 * 0.1), rule, "the configured threshold, the default window and hysteresis");
        Random rnd = new Random(5);
        Map<String, List<String>> sequences = new LinkedHashMap<>();
        for (int k = 0; k < 12; k++) sequences.put("h" + k, helloWithNoise(rnd, 120, 20 + 5 * k, k % 3 == 0 ? 0 : 30));
        try (TopologyFixture f = new TopologyFixture(dir, config)) {
            f.publish(hello);
            // interleaved keys, as a stream has them
            for (int i = 0; i < 120; i++) {
                for (var e : sequences.entrySet()) f.send(e.getKey(), new Event("hello", e.getValue().get(i), null, false));
            }
            List<JsonNode> alerts = f.readAlerts();
            OfflineOracle.assertAlertsEqualOffline(alerts, sequences, hello, rule, "h");
            for (int k = 0; k < 12; k++) {
                String key = "h" + k;
                List<JsonNode> mine = alerts.stream().filter(a -> a.get("key").asText().equals(key)).toList();
                if (k % 3 == 0) {
                    assertEquals(List.of(), mine, key + " saw only what the model expects");
                } else {
                    assertEquals("alert", mine.get(0).get("type").asText(), key + ": " + mine);
                    long raisedAt = mine.get(0).get("toStep").asLong();
                    assertTrue(raisedAt >= 20 + 5 * k && raisedAt < 20 + 5 * k + 30, key + " raised within its noise: " + mine.get(0));
                    assertEquals("cleared", mine.get(mine.size() - 1).get("type").asText(), key + " cleared once the word came back: " + mine);
                    assertEquals(16, mine.get(0).get("symbols").size());
                    assertTrue(mine.get(0).get("meanBits").asDouble() > 12);
                    assertTrue(mine.get(0).get("peak").has("expected"), mine.get(0).toString());
                }
            }
            long raised = alerts.stream().filter(a -> a.get("type").asText().equals("alert")).count();
            assertEquals((double) raised, MeterValues.of(f.metrics, "elman.alerts", Map.of("model", "hello", "version", "1")));
            assertEquals(0.0, MeterValues.of(f.metrics, "elman.open.alerts", Map.of("model", "hello")), "every alert cleared");
        }
    }

    @Test
    void aResetClosesAnOpenAlertAndAModelWithoutAThresholdRaisesNone() {
        Model hello = TestModels.hello(4, 1);
        try (TopologyFixture f = new TopologyFixture(dir, AppConfig.builder().dataDir(dir).alertThreshold("hello", 12).build())) {
            f.publish(hello);
            Random rnd = new Random(1);
            for (int i = 0; i < 40; i++) f.send("k", new Event("hello", Character.toString(HELLO.charAt(rnd.nextInt(4))), null, false));
            List<JsonNode> open = f.readAlerts();
            assertEquals(1, open.size(), "one alert, not a storm: " + open);
            assertEquals("alert", open.get(0).get("type").asText());
            f.send("k", new Event("hello", "h", null, true));
            List<JsonNode> reset = f.readAlerts();
            assertEquals(1, reset.size());
            assertEquals("cleared", reset.get(0).get("type").asText());
            assertEquals("reset", reset.get(0).get("reason").asText());
        }
        assertNull(AlertRules.of(hello, AppConfig.builder().dataDir(dir).build()), "no threshold in the report, none configured");
        assertTrue(AlertRules.explain(hello, AppConfig.builder().build()).startsWith("no alerts: the model has no alert threshold"));
        Model measured = hello.withReport(hello.report().withAlert(new AlertThreshold(32, 0.999, 5.0, 5000)));
        assertTrue(AlertRules.explain(measured, AppConfig.builder().build()).startsWith("no alerts: the model's threshold is over 32 events"));
        assertEquals(new AlertRule(32, 5.0, 5.0 * 0.1), AlertRules.of(measured, AppConfig.builder().alertWindow(32).build()));
        try (TopologyFixture f = new TopologyFixture(dir.resolve("none"), AppConfig.builder().dataDir(dir.resolve("none")).build())) {
            f.publish(hello);
            for (int i = 0; i < 60; i++) f.send("k", new Event("hello", "o", null, false));
            assertEquals(60, f.readPredictions().size(), "predictions as ever");
            assertEquals(List.of(), f.readAlerts());
        }
    }
}
