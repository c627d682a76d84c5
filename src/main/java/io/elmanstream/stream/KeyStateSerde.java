package io.elmanstream.stream;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;

/**
 * Compact binary form of {@link KeyState}: a format-version byte, then model version, step, update time, the
 * hidden vector as doubles (exact, so a restored key continues bit for bit) and the recent symbols
 * in their own compact form ({@link RecentSymbols}). No JSON in the store.
 */
public final class KeyStateSerde implements Serde<KeyState>, Serializer<KeyState>, Deserializer<KeyState> {
    static final byte FORMAT_V1 = 1;

    @Override
    public byte[] serialize(String topic, KeyState s) {
        if (s == null) return null;
        byte[] recent = s.recent().bytes();
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 8 + 8 + 4 + 8 * s.hidden().length + 4 + recent.length);
        b.put(FORMAT_V1).putLong(s.modelVersion()).putLong(s.step()).putLong(s.updatedMs()).putInt(s.hidden().length);
        b.asDoubleBuffer().put(s.hidden()); // bulk copy; the view does not move b's position
        b.position(b.position() + 8 * s.hidden().length);
        b.putInt(recent.length).put(recent);
        return b.array();
    }

    @Override
    public KeyState deserialize(String topic, byte[] data) {
        if (data == null) return null;
        ByteBuffer b = ByteBuffer.wrap(data);
        byte format = b.get();
        if (format != FORMAT_V1) throw new SerializationException("unknown key state format " + format);
        long version = b.getLong();
        long step = b.getLong();
        long updated = b.getLong();
        double[] hidden = new double[b.getInt()];
        b.asDoubleBuffer().get(hidden);
        b.position(b.position() + 8 * hidden.length);
        byte[] recent = new byte[b.getInt()];
        b.get(recent);
        return new KeyState(version, step, hidden, RecentSymbols.ofBytes(recent), updated);
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
