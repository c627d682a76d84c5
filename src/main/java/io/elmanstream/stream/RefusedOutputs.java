package io.elmanstream.stream;

import org.apache.kafka.streams.processor.api.Record;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@link OutputFailureHandler} hands the processor about outputs the broker refused. One
 * instance per application instance, shared by its stream threads (a replaced thread finds it);
 * empty unless something was refused, so a good event pays one volatile read.
 *
 * <p>Exactly-once: a refused send aborts the transaction and the task replays its input, which
 * would write the same bytes again, forever. The handler notes the refused bytes; the processor
 * checks them and writes a dead letter instead of a refused prediction, and nothing instead of a
 * refused dead letter. A note stays (the same bytes would be refused again), up to
 * {@link #MAX_NOTES}; past that all are forgotten at once, which costs at most one more failed
 * transaction per refused output.
 *
 * <p>At-least-once: nothing replays, so the handler queues the dead letter of a refused
 * prediction here and the processor writes it from its stream thread (the handler runs on the
 * producer's I/O thread, which must not send).
 */
public final class RefusedOutputs {
    static final int MAX_NOTES = 10_000;
    private final Map<ByteBuffer, String> reasons = new ConcurrentHashMap<>();
    private final Queue<Record<byte[], byte[]>> pending = new ConcurrentLinkedQueue<>();
    private final AtomicLong skippedDeadLetters = new AtomicLong();
    private volatile boolean any;

    void skippedDeadLetter() {
        skippedDeadLetters.incrementAndGet();
    }

    /** Dead letters the broker refused and that were therefore skipped (logged with their origin). */
    public long skippedDeadLetters() {
        return skippedDeadLetters.get();
    }

    void deadLetterLater(Record<byte[], byte[]> deadLetter) {
        pending.add(deadLetter);
        any = true;
    }

    /** A queued dead letter to write now, or null. */
    Record<byte[], byte[]> nextDeadLetter() {
        return any ? pending.poll() : null;
    }

    void note(byte[] value, String reason) {
        if (value == null) return;
        if (reasons.size() >= MAX_NOTES) reasons.clear();
        reasons.put(ByteBuffer.wrap(value.clone()), reason);
        any = true;
    }

    /** The reason the broker refused exactly these bytes, or null. */
    String reason(byte[] value) {
        if (!any || value == null) return null;
        return reasons.get(ByteBuffer.wrap(value));
    }
}
