package io.elmanstream.stream;

import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.TopicCatalog;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The one topology of the product, used by the application and its tests alike:
 *
 * <pre>
 * elman.events --> elman-step (per-key hidden state store) --> elman.predictions
 *                                                          \-> elman.deadletter
 * elman.models --> global store elman-models (validated, feeds the ModelRegistry)
 * </pre>
 *
 * A global store's processor cannot forward records, so the dead letters of refused model
 * documents come from a second, tiny topology ({@link #audit}) run under its own application id.
 */
public final class ElmanTopology {
    public static final String STATE_STORE = "elman-hidden-state";
    public static final String MODELS_STORE = "elman-models";
    public static final String MODEL_VERSIONS_STORE = "elman-model-versions";

    private ElmanTopology() {
    }

    /**
     * @param refused        the instance's note of outputs the broker refused (shared with {@link OutputFailureHandler})
     * @param maxOutputBytes the largest record the producer and the output topics accept
     */
    public static Topology build(AppConfig config, TopicCatalog topics, ModelRegistry registry, RefusedOutputs refused, int maxOutputBytes) {
        Topology t = new Topology();
        var strings = Serdes.String();
        var bytes = Serdes.ByteArray();

        t.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MODELS_STORE), strings, bytes).withLoggingDisabled(),
                "elman-models-source", strings.deserializer(), bytes.deserializer(), topics.models().name(),
                "elman-models-store", () -> new ModelStoreProcessor(registry, MODELS_STORE));

        // keys as bytes: a key that is not UTF-8 becomes a dead letter instead of a mangled stream id
        t.addSource("elman-events", bytes.deserializer(), bytes.deserializer(), topics.events().name());
        t.addProcessor("elman-step", () -> new ElmanProcessor(registry, STATE_STORE, "elman-predictions", "elman-deadletter",
                config, refused, maxOutputBytes), "elman-events");
        // cached: a key's state read back within a commit interval skips RocksDB and serde, and
        // repeated updates of a key within the interval reach the changelog once
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE), strings, new KeyStateSerde())
                .withCachingEnabled(), "elman-step");
        t.addSink("elman-predictions", topics.predictions().name(), bytes.serializer(), bytes.serializer(), "elman-step");
        t.addSink("elman-deadletter", topics.deadLetter().name(), bytes.serializer(), bytes.serializer(), "elman-step");
        return t;
    }

    /** elman.models --> elman-model-audit (newest accepted version per name) --> elman.deadletter */
    public static Topology audit(AppConfig config, TopicCatalog topics) {
        Topology t = new Topology();
        var strings = Serdes.String();
        var bytes = Serdes.ByteArray();
        t.addSource("elman-models", strings.deserializer(), bytes.deserializer(), topics.models().name());
        t.addProcessor("elman-model-audit", () -> new ModelAuditProcessor(MODEL_VERSIONS_STORE, "elman-deadletter",
                new DeadLetters(config.maxKeyBytes(), config.deadLetterMaxBytes())), "elman-models");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MODEL_VERSIONS_STORE), strings, Serdes.Long()),
                "elman-model-audit");
        t.addSink("elman-deadletter", topics.deadLetter().name(), bytes.serializer(), bytes.serializer(), "elman-model-audit");
        return t;
    }
}
