package io.elmanstream.http;

import io.elmanstream.model.Model;
import io.elmanstream.serving.AlertRules;
import io.elmanstream.stream.StreamApp;
import io.elmanstream.stream.StreamMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /models}: the models serving on this instance, each with its sizes, vocabulary,
 * training report, its alert rule (or why it raises none) and its online quality on the live
 * events this instance has processed.
 */
final class ModelsRoute {
    private final StreamApp app;
    private final MeterRegistry registry;

    ModelsRoute(StreamApp app, MeterRegistry registry) {
        this.app = app;
        this.registry = registry;
    }

    Reply answer() {
        List<Map<String, Object>> models = new ArrayList<>();
        for (Model m : app.models().all()) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("name", m.name());
            b.put("version", m.version());
            b.put("task", m.task());
            b.put("objective", m.objective().jsonName());
            b.put("inputs", m.net().shape().numIn());
            b.put("hidden", m.net().shape().numHid());
            b.put("outputs", m.net().shape().numOut());
            b.put("weights", m.net().shape().paramCount());
            b.put("vocabulary", m.vocabulary().symbols());
            b.put("training", m.report());
            b.put("alerts", AlertRules.explain(m, app.config()));
            b.put("online", online(app.online(m)));
            models.add(b);
        }
        // what this instance wrote so far, for rates (the live page divides differences by time)
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("predictions", (long) registry.find("elman.predictions").counters().stream().mapToDouble(Counter::count).sum());
        totals.put("deadLetters", (long) registry.find("elman.dead.letters").counters().stream().mapToDouble(Counter::count).sum());
        totals.put("instance", app.keyStates() == null ? null : KeyStateRoute.address(app.keyStates().self()));
        return Reply.of(200, Map.of("models", models, "totals", totals));
    }

    /** Counts and rates; a rate with nothing to divide by is null. */
    private static Map<String, Object> online(StreamMeters.VersionMeters v) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("predictions", v == null ? 0 : (long) v.predictions().count());
        o.put("labelledEvents", v == null ? 0 : (long) v.labelled().count());
        o.put("accuracy", v == null ? null : finite(v.accuracy()));
        o.put("surprisalEvents", v == null ? 0 : (long) v.surprisalEvents().count());
        o.put("meanSurprisalBits", v == null ? null : finite(v.meanSurprisal()));
        return o;
    }

    private static Double finite(double d) {
        return Double.isFinite(d) ? d : null;
    }
}
