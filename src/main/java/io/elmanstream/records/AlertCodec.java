package io.elmanstream.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.elmanstream.model.Alert;
import io.elmanstream.model.SurpriseWindow;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes alert JSON, the same for the alerts topic and {@code predict --alerts}:
 * {@code {"type":"alert","key":…,"model":"text","modelVersion":3,"fromStep":120,"toStep":135,
 * "window":16,"meanBits":7.9,"thresholdBits":4.2,"clearBelowBits":3.78,"symbols":[…],
 * "peak":{"step":131,"symbol":"#","bits":12.1,"expected":"e"}}}, and {@code "type":"cleared"} with
 * the same fields when the window's mean has fallen back (or the key's sequence was reset:
 * {@code "reason":"reset"}). Alerts are rare, so a tree per alert is cheap enough. The window's
 * symbols are the one part without a small bound (W symbols of up to an event's size each): an
 * alert that would exceed the output limit is written without them, saying so
 * ({@code "symbolsLeftOut"}), rather than refused by the broker.
 */
public final class AlertCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertCodec() {
    }

    public static ObjectNode tree(String key, String model, long modelVersion, Alert a) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", a.type() == SurpriseWindow.Change.RAISED ? "alert" : "cleared");
        n.put("key", key);
        n.put("model", model);
        n.put("modelVersion", modelVersion);
        n.put("fromStep", a.fromStep());
        n.put("toStep", a.toStep());
        n.put("window", a.rule().window());
        n.put("meanBits", a.meanBits());
        n.put("thresholdBits", a.rule().threshold());
        n.put("clearBelowBits", a.rule().threshold() - a.rule().hysteresis());
        if (a.reason() != null) n.put("reason", a.reason());
        a.symbols().forEach(n.putArray("symbols")::add);
        ObjectNode peak = n.putObject("peak");
        peak.put("step", a.peakStep());
        if (a.peakSymbol() != null) peak.put("symbol", a.peakSymbol());
        peak.put("bits", a.peakBits());
        if (a.expected() != null) peak.put("expected", a.expected());
        return n;
    }

    public static byte[] toJson(String key, String model, long modelVersion, Alert a) {
        return toJson(key, model, modelVersion, a, Integer.MAX_VALUE);
    }

    /** The alert's JSON in at most {@code maxBytes}: without the window's symbols when they would not fit. */
    public static byte[] toJson(String key, String model, long modelVersion, Alert a, int maxBytes) {
        ObjectNode n = tree(key, model, modelVersion, a);
        byte[] json = bytes(n);
        if (json.length <= maxBytes) return json;
        n.remove("symbols");
        ((ObjectNode) n.get("peak")).remove(List.of("symbol", "expected"));
        n.put("symbolsLeftOut", "the window's symbols would make the alert " + json.length + " bytes, over the " + maxBytes + " the output accepts");
        return bytes(n);
    }

    private static byte[] bytes(ObjectNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
