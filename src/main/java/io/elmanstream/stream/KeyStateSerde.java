package io.elmanstream.stream;

import io.elmanstream.model.HalfFloat;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;

/**
 * Compact binary form of {@link KeyState}: a format byte, then model version, step, update time, the
 * hidden vector and the recent symbols in their own compact form ({@link RecentSymbols}). No JSON
 * in the store. The hidden vector is stored exactly, so a restored key continues bit for bit, in
 * the narrowest form that holds every value: IEEE halves (format 4, two bytes a unit; always so
 * for a model served in float32-half-state), floats (format 2; always so in float32), else
 * doubles (format 3); all carry the last step's log normalizer after the update time.
 * Format 1 (doubles, no normalizer) is still read.
 */
public final class KeyStateSerde implements Serde<KeyState>, Serializer<KeyState>, Deserializer<KeyState> {
    static final byte DOUBLES_V1 = 1;
    static final byte FLOATS = 2;
    static final byte DOUBLES = 3;
    static final byte HALVES = 4;

    @Override
    public byte[] serialize(String topic, KeyState s) {
        if (s == null) return null;
        byte[] recent = s.recent().bytes();
        double[] h = s.hidden();
        byte format = format(h);
        int unit = format == HALVES ? 2 : format == FLOATS ? 4 : 8;
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 8 + 8 + 8 + 4 + unit * h.length + 4 + recent.length);
        b.put(format).putLong(s.modelVersion()).putLong(s.step()).putLong(s.updatedMs()).putDouble(s.normalizer()).putInt(h.length);
        if (format == HALVES) {
            for (double v : h) b.putShort(HalfFloat.bits((float) v));
        } else if (format == FLOATS) {
            for (double v : h) b.putFloat((float) v);
        } else {
            b.asDoubleBuffer().put(h); // bulk copy; the view does not move b's position
            b.position(b.position() + 8 * h.length);
        }
        b.putInt(recent.length).put(recent);
        return b.array();
    }

    /** The narrowest format that keeps every hidden value exactly. */
    static byte format(double[] h) {
        byte format = HALVES;
        for (double v : h) {
            if (format == HALVES && !HalfFloat.isHalf(v)) format = FLOATS;
            if (format == FLOATS && (float) v != v) return DOUBLES;
        }
        return format;
    }

    @Override
    public KeyState deserialize(String topic, byte[] data) {
        if (data == null) return null;
        ByteBuffer b = ByteBuffer.wrap(data);
        byte format = b.get();
        if (format != DOUBLES && format != FLOATS && format != HALVES && format != DOUBLES_V1) throw new SerializationException("unknown key state format " + format);
        long version = b.getLong();
        long step = b.getLong();
        long updated = b.getLong();
        double normalizer = format == DOUBLES_V1 ? Double.NaN : b.getDouble();
        double[] hidden = new double[b.getInt()];
        if (format == HALVES) {
            for (int i = 0; i < hidden.length; i++) hidden[i] = HalfFloat.value(b.getShort());
        } else if (format == FLOATS) {
            for (int i = 0; i < hidden.length; i++) hidden[i] = b.getFloat();
        } else {
            b.asDoubleBuffer().get(hidden);
            b.position(b.position() + 8 * hidden.length);
        }
        byte[] recent = new byte[b.getInt()];
        b.get(recent);
        return new KeyState(version, step, hidden, normalizer, RecentSymbols.ofBytes(recent), updated);
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public Serializer<KeyState> serializer() {
        return this;
    }

    @Override
    public Deserializer<KeyState> deserializer() {
        return this;
    }
}
