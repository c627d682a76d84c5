package io.elmanstream.stream;

import io.elmanstream.model.Model;
import io.elmanstream.model.ModelCodec;
import io.elmanstream.model.ModelFormatException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reads {@code elman.models} once, exactly once, and dead-letters every document the serving side
 * refuses: malformed, or not newer than the newest accepted version of its name (tracked in its own
 * store, so the verdict is the same one {@link ModelRegistry} reaches on every instance).
 */
final class ModelAuditProcessor implements Processor<String, byte[], String, byte[]> {
    static final String STAGE = "model";
    private final String storeName;
    private final String sink;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, Long> versions;

    ModelAuditProcessor(String storeName, String sink) {
        this.storeName = storeName;
        this.sink = sink;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.versions = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String error;
        try {
            Model m = ModelCodec.fromBytes(record.value());
            Long accepted = versions.get(m.name());
            if (record.key() != null && !record.key().equals(m.name())) {
                error = "record key '" + record.key() + "' differs from the model name '" + m.name() + "'";
            } else if (accepted != null && m.version() <= accepted) {
                error = "model " + m.name() + " version " + m.version() + " is not newer than the serving version " + accepted;
            } else {
                versions.put(m.name(), m.version());
                return;
            }
        } catch (ModelFormatException e) {
            error = e.getMessage();
        }
        context.forward(DeadLetters.record(context, record, STAGE, error), sink);
    }
}
