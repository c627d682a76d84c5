package io.elmanstream.http;

import io.elmanstream.model.AlertRule;
import io.elmanstream.model.Model;
import io.elmanstream.model.Predictor;
import io.elmanstream.model.SurpriseWindow;
import io.elmanstream.records.Utf8Text;
import io.elmanstream.serving.AlertRules;
import io.elmanstream.state.KeyState;
import io.elmanstream.stream.KeyStateQuery;
import io.elmanstream.stream.StreamApp;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /streams/{key}?model=NAME}: one key's state, from whichever instance holds it. The
 * instance asked looks up the key's owner in the group's assignment and, if that is another
 * instance, asks it once (marked as forwarded, so a partition that moves meanwhile gives a 503,
 * never a loop). The key is the URL-decoded path as UTF-8, the empty key included.
 */
final class KeyStateRoute {
    static final String PATH = "/streams/";
    static final String FORWARDED = "X-Elman-Forwarded-By";
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
    private final StreamApp app;
    private final int maxKeyBytes;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(ASK_TIMEOUT).build();

    KeyStateRoute(StreamApp app, int maxKeyBytes) {
        this.app = app;
        this.maxKeyBytes = maxKeyBytes;
    }

    Reply answer(URI uri, String forwardedBy) {
        byte[] keyBytes = percentDecoded(uri.getRawPath().substring(PATH.length()));
        if (keyBytes == null) return Reply.error(400, "the key in the path is not valid percent-encoding");
        if (!Utf8Text.isValid(keyBytes)) return Reply.error(400, "the key in the path is not valid UTF-8 once percent-decoded");
        if (keyBytes.length > maxKeyBytes) {
            return Reply.error(400, "the key has " + keyBytes.length + " bytes; keys longer than " + maxKeyBytes + " (elman.max.key.bytes) never have state");
        }
        String key = new String(keyBytes, StandardCharsets.UTF_8);
        KafkaStreams.State state = app.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            return Reply.error(503, StatusServer.reason(state) + "; try again");
        }
        String modelName = queryParameter(uri.getRawQuery(), "model");
        if (modelName == null || modelName.isEmpty()) return Reply.error(400, "say which model's state: /streams/{key}?model=NAME");
        Model model = app.models().get(modelName);
        if (model == null) {
            return Reply.error(400, "no model named '" + modelName + "' is serving (serving: "
                    + String.join(", ", app.models().all().stream().map(Model::name).toList()) + ")");
        }
        KeyStateQuery.Answer a = app.keyStates().find(modelName, key);
        if (a instanceof KeyStateQuery.Found f) return Reply.of(200, body(key, model, f.state(), f.instance(), AlertRules.of(model, app.config())));
        if (a instanceof KeyStateQuery.Missing m) {
            return Reply.of(404, Map.of("error", "no state for key '" + key + "' under model " + modelName, "instance", address(m.instance())));
        }
        if (a instanceof KeyStateQuery.Elsewhere e) {
            if (forwardedBy == null) return ask(e.owner(), uri);
            return Reply.error(503, "the key's partition moved to " + address(e.owner()) + " while " + forwardedBy + " asked; try again");
        }
        return Reply.error(503, ((KeyStateQuery.Unavailable) a).reason() + "; try again");
    }

    private static Map<String, Object> body(String key, Model serving, KeyState s, HostInfo instance, AlertRule rule) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("key", key);
        b.put("model", serving.name());
        b.put("modelVersion", s.modelVersion());
        b.put("servingVersion", serving.version());
        b.put("step", s.step());
        b.put("hidden", s.hidden());
        b.put("recent", s.recent().toList());
        b.put("updatedMs", s.updatedMs());
        b.put("instance", address(instance));
        if (s.modelVersion() == serving.version()) b.put("next", new Predictor(serving).expected(s.sharedHidden()));
        SurpriseWindow w = s.surprise();
        Map<String, Object> window = new LinkedHashMap<>();
        List<Long> steps = new ArrayList<>();
        List<Double> bits = new ArrayList<>();
        for (int i = 0; i < w.size(); i++) {
            steps.add(w.step(i));
            bits.add((double) w.bits(i));
        }
        window.put("steps", steps);
        window.put("bits", bits);
        window.put("meanBits", w.size() == 0 ? null : w.meanBits());
        window.put("alertOpen", w.open());
        if (rule != null) {
            window.put("thresholdBits", rule.threshold());
            window.put("clearBelowBits", rule.threshold() - rule.hysteresis());
        }
        b.put("surprise", window);
        return b;
    }

    private Reply ask(HostInfo owner, URI uri) {
        URI there = URI.create("http://" + address(owner) + uri.getRawPath() + "?" + uri.getRawQuery());
        HttpRequest r = HttpRequest.newBuilder(there).timeout(ASK_TIMEOUT).header(FORWARDED, address(app.keyStates().self())).GET().build();
        try {
            HttpResponse<String> reply = client.send(r, HttpResponse.BodyHandlers.ofString());
            return new Reply(reply.statusCode(), reply.body());
        } catch (IOException e) {
            return Reply.error(503, "the instance holding the key, " + address(owner) + ", did not answer (" + e + "); try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.error(503, "interrupted while asking " + address(owner));
        }
    }

    static String address(HostInfo h) {
        return h.host() + ":" + h.port();
    }

    /** The bytes a percent-encoded path segment stands for, or null when an escape is malformed. */
    static byte[] percentDecoded(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                continue;
            }
            if (i + 2 >= raw.length()) return null;
            int hi = Character.digit(raw.charAt(i + 1), 16);
            int lo = Character.digit(raw.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) return null;
            out.write(hi * 16 + lo);
            i += 2;
        }
        return out.toByteArray();
    }

    /** The first value of a query parameter, form-decoded; null when absent or malformed. */
    static String queryParameter(String rawQuery, String name) {
        if (rawQuery == null) return null;
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            if (!k.equals(name)) continue;
            try {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
