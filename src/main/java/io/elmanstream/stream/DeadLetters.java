package io.elmanstream.stream;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Builds bounded dead-letter records from the record being processed and the context's source
 * metadata. The dead letter's record key is the key as received while it is within the key bound
 * (so dead letters of one stream stay together), else none: the envelope carries its cut form.
 */
final class DeadLetters {
    private final int maxKeyBytes;
    private final int maxBytes;

    DeadLetters(int maxKeyBytes, int maxBytes) {
        this.maxKeyBytes = maxKeyBytes;
        this.maxBytes = maxBytes;
    }

    Record<byte[], byte[]> record(ProcessorContext<?, ?> context, byte[] key, byte[] value, long timestamp, String stage, String error) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        return new Record<>(recordKey(key), value(meta == null ? null : meta.topic(), meta == null ? -1 : meta.partition(),
                meta == null ? -1 : meta.offset(), key, value, stage, error), timestamp);
    }

    byte[] value(String topic, int partition, long offset, byte[] key, byte[] value, String stage, String error) {
        return DeadLetterCodec.toJson(topic, partition, offset, key, value, stage, error, maxBytes);
    }

    byte[] recordKey(byte[] key) {
        return key != null && key.length <= maxKeyBytes ? key : null;
    }

    /** The largest record this writes: its key plus the bounded envelope. */
    int maxRecordBytes() {
        return maxKeyBytes + DeadLetterCodec.maxSize(maxBytes);
    }
}
