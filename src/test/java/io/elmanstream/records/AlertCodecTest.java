package io.elmanstream.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.elmanstream.config.AppConfig;
import io.elmanstream.model.Alert;
import io.elmanstream.model.AlertRule;
import io.elmanstream.model.SurpriseWindow;
import io.elmanstream.stream.ClusterFacts;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Alert records at the real output limit: a window of the largest symbols an event may carry
 * (just under elman.max.event.bytes each) would exceed what the producer and topics accept, so the
 * alert goes out without its symbols and says so; an alert that fits is written whole.
 */
class AlertCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Alert alert(List<String> symbols) {
        return new Alert(SurpriseWindow.Change.RAISED, 100, 100 + symbols.size() - 1, symbols, 9.5, new AlertRule(symbols.size(), 4, 0.4),
                105, 20.25, "e", null);
    }

    @Test
    void aWindowOfTheLargestSymbolsIsLeftOutAtTheOutputLimitAndTheRestStays() throws Exception {
        AppConfig config = AppConfig.defaults();
        int limit = ClusterFacts.standalone(config).maxOutputBytes();
        String key = "k".repeat(config.maxKeyBytes());
        List<String> symbols = new ArrayList<>();
        // 32 symbols each as large as an event of elman.max.event.bytes can carry
        for (int i = 0; i < 32; i++) symbols.add(Character.toString('a' + i % 26).repeat(config.maxEventBytes() - 64));
        byte[] whole = AlertCodec.toJson(key, "words", 2, alert(symbols));
        assertTrue(whole.length > limit, "the whole alert would be " + whole.length + " bytes, over " + limit);
        byte[] bounded = AlertCodec.toJson(key, "words", 2, alert(symbols), limit - key.length());
        assertTrue(key.length() + bounded.length <= limit, bounded.length + " bytes");
        JsonNode n = JSON.readTree(bounded);
        assertFalse(n.has("symbols"));
        assertFalse(n.get("peak").has("symbol") || n.get("peak").has("expected"));
        assertTrue(n.get("symbolsLeftOut").asText().startsWith("the window's symbols would make the alert " + whole.length + " bytes"), n.toString());
        assertEquals(9.5, n.get("meanBits").asDouble());
        assertEquals(105, n.get("peak").get("step").asLong());
        assertEquals("alert", n.get("type").asText());
    }

    @Test
    void anAlertThatFitsIsWrittenWhole() throws Exception {
        Alert a = alert(List.of("h", "e", "l", "l", "o", "x"));
        byte[] whole = AlertCodec.toJson("k", "hello", 1, a);
        assertArrayEquals(whole, AlertCodec.toJson("k", "hello", 1, a, whole.length), "exactly at the limit: whole");
        JsonNode n = JSON.readTree(whole);
        assertEquals(6, n.get("symbols").size());
        assertEquals("x", n.get("peak").get("symbol").asText(), "the peak step's own symbol");
        assertEquals("e", n.get("peak").get("expected").asText());
        assertFalse(n.has("symbolsLeftOut"));
        assertTrue(JSON.readTree(AlertCodec.toJson("k", "hello", 1, a, whole.length - 1)).has("symbolsLeftOut"));
    }
}
