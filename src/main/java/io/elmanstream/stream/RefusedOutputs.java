package io.elmanstream.stream;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Outputs the broker refused, noted by {@link OutputFailureHandler} for the processor. Under
 * exactly-once a refused send aborts the transaction, so the task replays its input and would
 * write the same bytes again, forever; the processor checks this note and writes a dead letter
 * instead of a refused prediction, and nothing instead of a refused dead letter. One instance per
 * application instance, shared by its stream threads (a replaced thread finds it). It is empty
 * unless something was refused, so a good event pays one volatile read.
 */
public final class RefusedOutputs {
    private final Map<ByteBuffer, String> reasons = new ConcurrentHashMap<>();
    private volatile boolean any;

    void note(byte[] value, String reason) {
        if (value == null) return;
        reasons.put(ByteBuffer.wrap(value.clone()), reason);
        any = true;
    }

    /** The reason the broker refused exactly these bytes, or null; a note is used once. */
    String take(byte[] value) {
        if (!any || value == null) return null;
        return reasons.remove(ByteBuffer.wrap(value));
    }
}
