package io.elmanstream.stream;

import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.TopicCatalog;
import io.elmanstream.records.DeadLetters;
import io.elmanstream.serving.ModelAuditProcessor;
import io.elmanstream.serving.ModelRegistry;
import io.elmanstream.serving.ModelStoreProcessor;
import io.elmanstream.state.KeyStateCache;
import io.elmanstream.state.KeyStateSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The one topology of the product, used by the application and its tests alike:
 *
 * <pre>
 * elman.events ----------\
 * elman.events.rerouted --+--> elman-step (per-key hidden state store) --> elman.predictions
 *        ^                                 |                          +-> elman.alerts
 *        |                                 |                          \-> elman.deadletter
 *        \--- events on another partition than their key's ---/
 * elman.models --> global store elman-models (validated, feeds the ModelRegistry)
 * </pre>
 *
 * An event must reach the task that holds its key's state, which is the task of the partition
 * Java's partitioner gives the key; a client with another partitioner (librdkafka's default) puts
 * some keys elsewhere, so elman-step forwards such an event through {@code elman.events.rerouted},
 * whose default partitioner puts it where the key belongs. Only misrouted events pay for the detour.
 *
 * A global store's processor cannot forward records, so the dead letters of refused model
 * documents come from a second, tiny topology ({@link #audit}) run under its own application id.
 */
public final class ElmanTopology {
    public static final String STATE_STORE = "elman-hidden-state";
    public static final String MODELS_STORE = "elman-models";
    public static final String ACCEPTED_MODELS_STORE = "elman-accepted-models";

    private ElmanTopology() {
    }

    /**
     * @param refused        the instance's note of outputs the broker refused (shared with {@link OutputFailureHandler})
     * @param facts          the output limit and the events topic's partition count, read from the cluster at start
     */
    public static Topology build(AppConfig config, TopicCatalog topics, ModelRegistry registry, RefusedOutputs refused, ClusterFacts facts) {
        return build(config, topics, registry, refused, facts, new StreamMeters());
    }

    /** @param meters where the product's own counters go (a status server's registry, or none) */
    public static Topology build(AppConfig config, TopicCatalog topics, ModelRegistry registry, RefusedOutputs refused, ClusterFacts facts,
                                 StreamMeters meters) {
        Topology t = new Topology();
        var strings = Serdes.String();
        var bytes = Serdes.ByteArray();

        t.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MODELS_STORE), strings, bytes).withLoggingDisabled(),
                "elman-models-source", strings.deserializer(), bytes.deserializer(), topics.models().name(),
                "elman-models-store", () -> new ModelStoreProcessor(registry, MODELS_STORE));

        // keys as bytes: a key that is not UTF-8 becomes a dead letter instead of a mangled stream id
        t.addSource("elman-events", bytes.deserializer(), bytes.deserializer(), topics.events().name());
        t.addSource("elman-rerouted-events", bytes.deserializer(), bytes.deserializer(), topics.rerouted().name());
        t.addProcessor("elman-step", () -> new ElmanProcessor(registry, STATE_STORE, new ElmanProcessor.Sinks("elman-predictions",
                "elman-deadletter", "elman-reroute", "elman-alerts", topics.events().name()), config, refused, facts, meters), "elman-events", "elman-rerouted-events");
        // cached: a key's state read back within a commit interval skips RocksDB, and repeated
        // updates of a key within the interval reach the changelog once; as objects
        // (KeyStateCache) unless elman.state.cache.keys is 0, then by Kafka Streams' record cache
        var states = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE), Serdes.Bytes(), new KeyStateSerde());
        t.addStateStore(config.stateCacheKeys() > 0 ? KeyStateCache.builder(states, config.stateCacheKeys()) : states.withCachingEnabled(),
                "elman-step");
        t.addSink("elman-predictions", topics.predictions().name(), bytes.serializer(), bytes.serializer(), "elman-step");
        t.addSink("elman-deadletter", topics.deadLetter().name(), bytes.serializer(), bytes.serializer(), "elman-step");
        t.addSink("elman-alerts", topics.alerts().name(), bytes.serializer(), bytes.serializer(), "elman-step");
        // the producer's default partitioner is Java's murmur2 of the key bytes: the key's own partition
        t.addSink("elman-reroute", topics.rerouted().name(), bytes.serializer(), bytes.serializer(), "elman-step");
        return t;
    }

    /**
     * elman.models --> elman-model-audit (newest accepted document per name) --> elman.deadletter
     *                                                                        \-> elman.models (the accepted one again, after a refusal)
     */
    public static Topology audit(AppConfig config, TopicCatalog topics) {
        Topology t = new Topology();
        var strings = Serdes.String();
        var bytes = Serdes.ByteArray();
        t.addSource("elman-models", strings.deserializer(), bytes.deserializer(), topics.models().name());
        t.addProcessor("elman-model-audit", () -> new ModelAuditProcessor(ACCEPTED_MODELS_STORE, "elman-deadletter", "elman-models-again",
                new DeadLetters(config.maxKeyBytes(), config.deadLetterMaxBytes()), config.modelMaxBytes()), "elman-models");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ACCEPTED_MODELS_STORE), strings, bytes),
                "elman-model-audit");
        t.addSink("elman-deadletter", topics.deadLetter().name(), bytes.serializer(), bytes.serializer(), "elman-model-audit");
        t.addSink("elman-models-again", topics.models().name(), strings.serializer(), bytes.serializer(), "elman-model-audit");
        return t;
    }
}
