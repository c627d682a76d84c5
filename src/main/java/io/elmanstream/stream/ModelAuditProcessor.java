package io.elmanstream.stream;

import io.elmanstream.model.Model;
import io.elmanstream.model.ModelFormatException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.charset.StandardCharsets;

/**
 * Reads {@code elman.models} once, exactly once, and dead-letters every document the serving side
 * refuses: malformed, or not newer than the newest accepted version of its name (tracked in its own
 * store, so the verdict is the same one {@link ModelRegistry} reaches on every instance).
 */
final class ModelAuditProcessor implements Processor<String, byte[], byte[], byte[]> {
    static final String STAGE = "model";
    private final String storeName;
    private final String sink;
    private final DeadLetters deadLetters;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, Long> versions;

    ModelAuditProcessor(String storeName, String sink, DeadLetters deadLetters) {
        this.storeName = storeName;
        this.sink = sink;
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.versions = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        try {
            Model m = ModelRegistry.accept(record.key(), record.value(), versions::get);
            versions.put(m.name(), m.version());
        } catch (ModelFormatException e) {
            byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
            context.forward(deadLetters.record(context, key, record.value(), record.timestamp(), STAGE, e.getMessage()), sink);
        }
    }
}
