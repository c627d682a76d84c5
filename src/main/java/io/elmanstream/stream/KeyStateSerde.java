package io.elmanstream.stream;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;

/**
 * Compact binary form of {@link KeyState}: a format byte, then model version, step, update time, the
 * hidden vector and the recent symbols in their own compact form ({@link RecentSymbols}). No JSON
 * in the store. The hidden vector is stored exactly, so a restored key continues bit for bit: as
 * floats (format 2) when every value is one, which is always so for a model served in float32,
 * else as doubles (format 3); both carry the last step's log normalizer after the update time.
 * Format 1 (doubles, no normalizer) is still read.
 */
public final class KeyStateSerde implements Serde<KeyState>, Serializer<KeyState>, Deserializer<KeyState> {
    static final byte DOUBLES_V1 = 1;
    static final byte FLOATS = 2;
    static final byte DOUBLES = 3;

    @Override
    public byte[] serialize(String topic, KeyState s) {
        if (s == null) return null;
        byte[] floats = write(s, true);
        return floats != null ? floats : write(s, false);
    }

    /** The state in floats (null if a hidden value is not a float: one pass decides and writes) or in doubles. */
    private static byte[] write(KeyState s, boolean floats) {
        byte[] recent = s.recent().bytes();
        double[] h = s.hidden();
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 8 + 8 + 8 + 4 + (floats ? 4 : 8) * h.length + 4 + recent.length);
        b.put(floats ? FLOATS : DOUBLES).putLong(s.modelVersion()).putLong(s.step()).putLong(s.updatedMs()).putDouble(s.normalizer())
                .putInt(h.length);
        if (floats) {
            for (double v : h) {
                float f = (float) v;
                if (f != v) return null;
                b.putFloat(f);
            }
        } else {
            b.asDoubleBuffer().put(h); // bulk copy; the view does not move b's position
            b.position(b.position() + 8 * h.length);
        }
        b.putInt(recent.length).put(recent);
        return b.array();
    }

    @Override
    public KeyState deserialize(String topic, byte[] data) {
        if (data == null) return null;
        ByteBuffer b = ByteBuffer.wrap(data);
        byte format = b.get();
        if (format != DOUBLES && format != FLOATS && format != DOUBLES_V1) throw new SerializationException("unknown key state format " + format);
        long version = b.getLong();
        long step = b.getLong();
        long updated = b.getLong();
        double normalizer = format == DOUBLES_V1 ? Double.NaN : b.getDouble();
        double[] hidden = new double[b.getInt()];
        if (format == FLOATS) {
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
