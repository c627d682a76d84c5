package io.elmanstream.stream;

import io.elmanstream.model.Model;
import io.elmanstream.model.SurpriseWindow;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The product's own meters in the registry the instance's metrics go to (none without a status
 * server): {@code elman_predictions_total{model,version}}, the online quality of each model
 * version ({@code elman_online_accuracy}, {@code elman_online_surprisal_mean} and the counters
 * they come from), {@code elman_alerts_total{model,version}} and {@code elman_open_alerts{model}}
 * (alerts opened and not yet cleared by this instance), {@code elman_dead_letters_total{stage}} and
 * {@code elman_step_seconds}.
 * Processors fetch a model version's meters once and keep them, so counting an event is a few
 * adder increments: no lookup and no allocation.
 */
public final class StreamMeters {
    private volatile MeterRegistry registry;
    private volatile Timer step;
    private final Map<String, VersionMeters> versions = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> openAlerts = new ConcurrentHashMap<>();

    /**
     * The meters of one model version. Surprisal is counted for every event that has one; accuracy
     * over the events of a label model that carry a target.
     */
    public record VersionMeters(Counter predictions, Counter surprisalBits, Counter surprisalEvents, Counter labelled, Counter correct,
                                Counter alerts, AtomicLong openAlerts) {
        /** An alert opened or cleared. */
        void alert(SurpriseWindow.Change change) {
            if (change == SurpriseWindow.Change.RAISED) {
                alerts.increment();
                openAlerts.incrementAndGet();
            } else if (change == SurpriseWindow.Change.CLEARED) {
                openAlerts.updateAndGet(n -> Math.max(0, n - 1)); // an alert opened before a restart or on another instance
            }
        }

        void record(double surprisal, boolean hasTarget, boolean right) {
            predictions.increment();
            if (!Double.isNaN(surprisal)) {
                surprisalBits.increment(surprisal);
                surprisalEvents.increment();
            }
            if (hasTarget) {
                labelled.increment();
                if (right) correct.increment();
            }
        }

        /** The share of targets predicted right, NaN before the first target. */
        public double accuracy() {
            return correct.count() / labelled.count();
        }

        /** Mean surprisal in bits per event, NaN before the first surprisal. */
        public double meanSurprisal() {
            return surprisalBits.count() / surprisalEvents.count();
        }
    }

    /** Sends the meters to this registry from now on (processors fetch theirs when they first need them). */
    public void use(MeterRegistry r) {
        registry = r;
        step = Timer.builder("elman.step").description("time the stream thread spends on one event: validation, state, net step, output")
                .register(r);
    }

    /** The per-event timer, or null when no registry is in use. */
    Timer step() {
        return step;
    }

    /** The meters of a model version (created on first use), or null when no registry is in use. */
    VersionMeters of(Model m) {
        MeterRegistry r = registry;
        if (r == null) return null;
        return versions.computeIfAbsent(m.name() + "\u0000" + m.version(), k -> register(r, m, openAlerts(r, m.name())));
    }

    /** The meters of a model version this instance has served, or null. */
    public VersionMeters served(Model m) {
        return versions.get(m.name() + "\u0000" + m.version());
    }

    private AtomicLong openAlerts(MeterRegistry r, String model) {
        return openAlerts.computeIfAbsent(model, k -> {
            AtomicLong open = new AtomicLong();
            Gauge.builder("elman.open.alerts", open, AtomicLong::get).description("alerts this instance opened and has not cleared, by model")
                    .tag("model", model).register(r);
            return open;
        });
    }

    private static VersionMeters register(MeterRegistry r, Model m, AtomicLong open) {
        String model = m.name();
        String version = Long.toString(m.version());
        VersionMeters v = new VersionMeters(
                counter(r, "elman.predictions", null, "predictions written, by model and version", model, version),
                counter(r, "elman.surprisal", null, "surprisal in bits summed over the events that have one", model, version),
                counter(r, "elman.surprisal.events", null, "events with a surprisal", model, version),
                counter(r, "elman.labelled.events", null, "events of label models that carry a target", model, version),
                counter(r, "elman.correct.labels", null, "targets the label model predicted", model, version),
                counter(r, "elman.alerts", null, "alerts opened, by model and version", model, version), open);
        Gauge.builder("elman.online.accuracy", v, VersionMeters::accuracy).description("share of targets predicted right on live data")
                .tag("model", model).tag("version", version).register(r);
        // what the model's training report says it cost on its training data, in the unit of the online surprisal: drift rules compare the two
        double trainingBits = m.report() == null ? Double.NaN : m.report().cost() / Math.log(2);
        Gauge.builder("elman.model.training.surprisal", () -> trainingBits)
                .description("the model's training cost in bits (mean cross-entropy per labelled step) from its training report")
                .tag("model", model).tag("version", version).register(r);
        Gauge.builder("elman.online.surprisal.mean", v, VersionMeters::meanSurprisal)
                .description("mean surprisal per event on live data (bits/symbol for next-symbol models)")
                .tag("model", model).tag("version", version).register(r);
        return v;
    }

    private static Counter counter(MeterRegistry r, String name, String unit, String description, String model, String version) {
        return Counter.builder(name).baseUnit(unit).description(description).tag("model", model).tag("version", version).register(r);
    }

    /** The dead-letter counter of a stage, or null when no registry is in use. */
    Counter deadLetters(String stage) {
        MeterRegistry r = registry;
        return r == null ? null : Counter.builder("elman.dead.letters").description("dead letters written, by stage")
                .tag("stage", stage).register(r);
    }
}
