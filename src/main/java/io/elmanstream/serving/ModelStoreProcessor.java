package io.elmanstream.serving;

import io.elmanstream.model.ModelFormatException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;

/**
 * Maintains the global models store from {@code elman.models}. Kafka Streams replays the topic
 * through this processor on restore as well, so documents are validated there too: only accepted
 * documents reach the store and the registry; refused ones are logged (their dead letter comes from
 * {@link ModelAuditProcessor}, which sees each record exactly once).
 */
public final class ModelStoreProcessor implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(ModelStoreProcessor.class);
    private final ModelRegistry registry;
    private final String storeName;
    private KeyValueStore<String, byte[]> store;

    public ModelStoreProcessor(ModelRegistry registry, String storeName) {
        this.registry = registry;
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        // the serving document again (the audit re-publishes it after a refusal, for compaction): nothing to do
        if (record.key() != null && Arrays.equals(store.get(record.key()), record.value())) return;
        try {
            registry.offer(record.key(), record.value());
            store.put(record.key(), record.value());
        } catch (ModelFormatException e) {
            LOG.warn("refused model document for key '{}': {}", record.key(), e.getMessage());
        }
    }
}
