package io.elmanstream.records;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;

/**
 * Builds bounded dead-letter records from the record being processed and the context's source
 * metadata. The dead letter's record key is the key as received while it is within the key bound
 * (so dead letters of one stream stay together), else none: the envelope carries its cut form.
 */
public final class DeadLetters {
    /** Header of a rerouted event: where it arrived first ("topic partition offset"), for its dead letter. */
    public static final String ORIGIN_HEADER = "elman.origin";

    private final int maxKeyBytes;
    private final int maxBytes;

    public DeadLetters(int maxKeyBytes, int maxBytes) {
        this.maxKeyBytes = maxKeyBytes;
        this.maxBytes = maxBytes;
    }

    /**
     * The dead letter of the record being processed. Its origin is where the record arrived first:
     * the {@link #ORIGIN_HEADER} of a rerouted event, else the context's source.
     */
    public Record<byte[], byte[]> record(ProcessorContext<?, ?> context, Headers headers, byte[] key, byte[] value, long timestamp,
                                  String stage, String error) {
        Header origin = headers == null ? null : headers.lastHeader(ORIGIN_HEADER);
        String topic;
        int partition;
        long offset;
        if (origin != null) {
            String[] f = new String(origin.value(), StandardCharsets.UTF_8).split(" ");
            topic = f[0];
            partition = Integer.parseInt(f[1]);
            offset = Long.parseLong(f[2]);
        } else {
            RecordMetadata meta = context.recordMetadata().orElse(null);
            topic = meta == null ? null : meta.topic();
            partition = meta == null ? -1 : meta.partition();
            offset = meta == null ? -1 : meta.offset();
        }
        return new Record<>(recordKey(key), value(topic, partition, offset, key, value, stage, error), timestamp);
    }

    public byte[] value(String topic, int partition, long offset, byte[] key, byte[] value, String stage, String error) {
        return DeadLetterCodec.toJson(topic, partition, offset, key, value, stage, error, maxBytes);
    }

    public byte[] recordKey(byte[] key) {
        return key != null && key.length <= maxKeyBytes ? key : null;
    }

    /** The largest record this writes: its key plus the bounded envelope. */
    public int maxRecordBytes() {
        return maxKeyBytes + DeadLetterCodec.maxSize(maxBytes);
    }
}
