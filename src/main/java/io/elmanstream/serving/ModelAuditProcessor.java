package io.elmanstream.serving;

import io.elmanstream.model.Model;
import io.elmanstream.model.ModelCodec;
import io.elmanstream.model.ModelFormatException;
import io.elmanstream.records.DeadLetters;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads {@code elman.models} once, exactly once, and dead-letters every document the serving side
 * refuses: malformed, a tombstone, or not newer than the newest accepted version of its name (the
 * accepted documents are kept in its own store, so the verdict is the one {@link ModelRegistry}
 * reaches on every instance).
 *
 * <p>After a refusal it publishes the accepted document of that name again: the topic is
 * compacted, and the refused record would otherwise be the newest of its key, so that once the log
 * cleaner ran the good version would be gone and a restart would serve the stale one, or none. Its
 * own re-publication comes back to it byte for byte equal to the accepted document and is passed
 * over, as the serving side passes it over.
 */
public final class ModelAuditProcessor implements Processor<String, byte[], Object, byte[]> {
    static final String STAGE = "model";
    private final String storeName;
    private final String deadLetterSink;
    private final String modelsSink;
    private final DeadLetters deadLetters;
    private final int maxDocumentBytes;
    private ProcessorContext<Object, byte[]> context;
    private KeyValueStore<String, byte[]> accepted;

    public ModelAuditProcessor(String storeName, String deadLetterSink, String modelsSink, DeadLetters deadLetters, int maxDocumentBytes) {
        this.maxDocumentBytes = maxDocumentBytes;
        this.storeName = storeName;
        this.deadLetterSink = deadLetterSink;
        this.modelsSink = modelsSink;
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(ProcessorContext<Object, byte[]> context) {
        this.context = context;
        this.accepted = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        byte[] current = record.key() == null ? null : accepted.get(record.key());
        if (current != null && Arrays.equals(current, record.value())) return;   // the accepted document again
        try {
            Model m = ModelRegistry.accept(record.key(), record.value(), maxDocumentBytes, name -> version(accepted.get(name)));
            accepted.put(m.name(), record.value());
        } catch (ModelFormatException e) {
            byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
            context.forward(deadLetters.record(context, null, key, record.value(), record.timestamp(), STAGE, e.getMessage()),
                    deadLetterSink);
            if (current != null) context.forward(new Record<>(record.key(), current, record.timestamp()), modelsSink);
        }
    }

    private static Long version(byte[] document) {
        try {
            return document == null ? null : ModelCodec.fromBytes(document).version();
        } catch (ModelFormatException e) {
            throw new IllegalStateException("a document this processor accepted no longer parses", e);
        }
    }
}
