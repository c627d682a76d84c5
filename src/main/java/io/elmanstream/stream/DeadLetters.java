package io.elmanstream.stream;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds the dead-letter record for a record being processed, from the context's source metadata. */
final class DeadLetters {
    private DeadLetters() {
    }

    static Record<String, byte[]> record(ProcessorContext<?, ?> context, Record<String, byte[]> in, String stage, String error) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        byte[] value = DeadLetterCodec.toJson(meta == null ? null : meta.topic(), meta == null ? -1 : meta.partition(),
                meta == null ? -1 : meta.offset(), in.key(), in.value(), stage, error);
        return new Record<>(in.key(), value, in.timestamp());
    }
}
