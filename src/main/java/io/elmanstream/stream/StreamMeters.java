package io.elmanstream.stream;

import io.elmanstream.model.Model;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The product's own meters, {@code elman_predictions_total{model,version}} and
 * {@code elman_dead_letters_total{stage}}, in the registry the instance's metrics go to (none
 * without a status server). Processors fetch a counter once per model version or stage and keep
 * it, so counting an event is one increment, no lookup and no allocation.
 */
public final class StreamMeters {
    private volatile MeterRegistry registry;

    void use(MeterRegistry r) {
        registry = r;
    }

    /** The predictions counter of a model version, or null when no registry is in use. */
    Counter predictions(Model m) {
        MeterRegistry r = registry;
        return r == null ? null : Counter.builder("elman.predictions").description("predictions written, by model and version")
                .tag("model", m.name()).tag("version", Long.toString(m.version())).register(r);
    }

    /** The dead-letter counter of a stage, or null when no registry is in use. */
    Counter deadLetters(String stage) {
        MeterRegistry r = registry;
        return r == null ? null : Counter.builder("elman.dead.letters").description("dead letters written, by stage")
                .tag("stage", stage).register(r);
    }
}
