package io.elmanstream.bench;

import io.elmanstream.kafka.TopicCatalog;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.nio.ByteBuffer;

/**
 * The engine's own ceiling, for the stream benchmark: (a) events straight to the output topic,
 * (b) a per-key counter in the same persistent, changelogged store type as the Elman state.
 */
public final class BaselineTopologies {
    static final String COUNTS = "bench-counts";

    private BaselineTopologies() {
    }

    public static Topology passThrough(TopicCatalog topics) {
        Topology t = new Topology();
        t.addSource("events", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), topics.events().name());
        t.addSink("out", topics.predictions().name(), Serdes.String().serializer(), Serdes.ByteArray().serializer(), "events");
        return t;
    }

    public static Topology counter(TopicCatalog topics) {
        Topology t = new Topology();
        t.addSource("events", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), topics.events().name());
        t.addProcessor("count", Counter::new, "events");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COUNTS), Serdes.String(), Serdes.Long()), "count");
        t.addSink("out", topics.predictions().name(), Serdes.String().serializer(), Serdes.ByteArray().serializer(), "count");
        return t;
    }

    private static final class Counter implements Processor<String, byte[], String, byte[]> {
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, Long> store;

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.store = context.getStateStore(COUNTS);
        }

        @Override
        public void process(Record<String, byte[]> r) {
            Long n = store.get(r.key());
            long next = n == null ? 1 : n + 1;
            store.put(r.key(), next);
            context.forward(r.withValue(ByteBuffer.allocate(8).putLong(next).array()));
        }
    }
}
