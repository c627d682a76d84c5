package io.elmanstream.state;

import io.elmanstream.model.AlertRule;
import io.elmanstream.model.HalfFloat;
import io.elmanstream.model.SurpriseWindow;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.ByteUtils;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Compact binary form of {@link KeyState}, written on every event, so no JSON and no byte it need
 * not have (format 5): the format byte; the width of a hidden unit (2, 4 or 8 bytes); model
 * version, step and update time as varints; the last step's normalizer (a double); the count
 * of hidden units (a varint) and the units; then, to the end, the recent symbols in their own
 * compact form ({@link RecentSymbols}). Format 6 is format 5 with the key's surprise window
 * between the units and the recent symbols: its step count and what the model expects next as
 * varints, whether an alert is open (a byte), then per step, oldest first, the step number as a
 * varlong (the first) or its distance from the one before (the rest), the surprisal as a float and
 * the expected symbol as a varint; states without a window stay in format 5. The hidden vector is stored exactly, so a restored key
 * continues bit for bit, in the narrowest width that holds every value: IEEE halves (always so
 * for a model served in float32-half-state), floats (always so in float32), else doubles.
 *
 * <p>Stores written by earlier versions still read: formats 1 to 4 had fixed 8-byte header
 * fields and two-byte symbol lengths, and one format per width (2 floats, 3 doubles, 4 halves;
 * 1 doubles without the normalizer).
 */
public final class KeyStateSerde implements Serde<KeyState>, Serializer<KeyState>, Deserializer<KeyState> {
    static final byte DOUBLES_V1 = 1;
    static final byte FLOATS = 2;
    static final byte DOUBLES = 3;
    static final byte HALVES = 4;
    public static final byte VARINTS = 5;
    public static final byte WITH_WINDOW = 6;

    @Override
    public byte[] serialize(String topic, KeyState s) {
        if (s == null) return null;
        double[] h = s.sharedHidden();
        byte[] out = halves(s);
        if (out != null) return out;
        boolean floats = true;
        for (double v : h) floats &= (float) v == v;
        out = withHeader(s, floats ? 4 : 8);
        ByteBuffer b = ByteBuffer.wrap(out).position(unitsAt(s));
        if (floats) {
            for (double v : h) b.putFloat((float) v);
        } else {
            b.asDoubleBuffer().put(h); // bulk copy
        }
        return out;
    }

    /** The state with its hidden units in two bytes each, or null if one is not a half. */
    private static byte[] halves(KeyState s) {
        double[] h = s.sharedHidden();
        if (h.length > 0 && HalfFloat.exactBits(h[0]) < 0) return null; // the usual miss, found before allocating
        byte[] out = withHeader(s, 2);
        int at = unitsAt(s);
        for (double v : h) {
            int bits = HalfFloat.exactBits(v);
            if (bits < 0) return null;
            out[at++] = (byte) (bits >>> 8);
            out[at++] = (byte) bits;
        }
        return out;
    }

    /** Where the hidden units start: after the header. */
    private static int unitsAt(KeyState s) {
        return 2 + ByteUtils.sizeOfVarlong(s.modelVersion()) + ByteUtils.sizeOfVarlong(s.step()) + ByteUtils.sizeOfVarlong(s.updatedMs()) + 8
                + ByteUtils.sizeOfUnsignedVarint(s.sharedHidden().length);
    }

    /**
     * An array of exactly the state's size with everything but the hidden units written: the
     * header before them, the recent symbols after. Written directly: a ByteBuffer put per byte
     * of the varints cost its bounds check each time (a few percent of the stream thread).
     */
    private static byte[] withHeader(KeyState s, int unit) {
        int n = s.sharedHidden().length;
        byte[] recent = s.recent().bytes();
        SurpriseWindow w = s.surprise();
        int window = windowSize(w);
        int size = 2 + ByteUtils.sizeOfVarlong(s.modelVersion()) + ByteUtils.sizeOfVarlong(s.step()) + ByteUtils.sizeOfVarlong(s.updatedMs())
                + 8 + ByteUtils.sizeOfUnsignedVarint(n) + unit * n + window + recent.length;
        byte[] out = new byte[size];
        out[0] = window == 0 ? VARINTS : WITH_WINDOW;
        if (window > 0) putWindow(w, out, size - recent.length - window);
        out[1] = (byte) unit;
        int at = putVarlong(s.modelVersion(), out, 2);
        at = putVarlong(s.step(), out, at);
        at = putVarlong(s.updatedMs(), out, at);
        long normalizer = Double.doubleToRawLongBits(s.normalizer());
        for (int shift = 56; shift >= 0; shift -= 8) out[at++] = (byte) (normalizer >>> shift); // big-endian, as ByteBuffer
        putUnsignedVarint(n, out, at);
        System.arraycopy(recent, 0, out, size - recent.length, recent.length);
        return out;
    }

    /** Bytes of a window in format 6; 0 for the empty window (format 5). */
    private static int windowSize(SurpriseWindow w) {
        int n = w.size();
        if (n == 0 && w.expectNext() < 0 && !w.open()) return 0;
        int size = ByteUtils.sizeOfUnsignedVarint(n) + ByteUtils.sizeOfVarint(w.expectNext()) + 1 + 4 * n;
        for (int i = 0; i < n; i++) {
            size += ByteUtils.sizeOfVarlong(i == 0 ? w.step(0) : w.step(i) - w.step(i - 1)) + ByteUtils.sizeOfVarint(w.expected(i));
        }
        return size;
    }

    private static void putWindow(SurpriseWindow w, byte[] out, int at) {
        int n = w.size();
        at = putUnsignedVarint(n, out, at);
        at = putVarlong(w.expectNext(), out, at);
        out[at++] = (byte) (w.open() ? 1 : 0);
        for (int i = 0; i < n; i++) {
            at = putVarlong(i == 0 ? w.step(0) : w.step(i) - w.step(i - 1), out, at);
            int bits = Float.floatToRawIntBits(w.bits(i));
            for (int shift = 24; shift >= 0; shift -= 8) out[at++] = (byte) (bits >>> shift);
            at = putVarlong(w.expected(i), out, at);
        }
    }

    private static SurpriseWindow readWindow(ByteBuffer b) {
        int n = ByteUtils.readUnsignedVarint(b);
        if (n > AlertRule.MAX_WINDOW) throw new SerializationException("surprise window of " + n + " steps, more than " + AlertRule.MAX_WINDOW);
        int expectNext = (int) ByteUtils.readVarlong(b);
        boolean open = b.get() != 0;
        long[] slots = new long[2 * n];
        long step = 0;
        for (int i = 0; i < n; i++) {
            step = i == 0 ? ByteUtils.readVarlong(b) : step + ByteUtils.readVarlong(b);
            int bits = b.getInt();
            int expected = (int) ByteUtils.readVarlong(b);
            slots[2 * i] = step;
            slots[2 * i + 1] = (long) bits << 32 | (expected & 0xFFFFFFFFL);
        }
        return new SurpriseWindow(slots, expectNext, open);
    }

    /** Kafka's varlong ({@link ByteUtils#writeVarlong}): zig-zag, then 7 bits a byte, low first. */
    private static int putVarlong(long v, byte[] out, int at) {
        return putUnsignedVarlong((v << 1) ^ (v >> 63), out, at);
    }

    private static int putUnsignedVarint(int v, byte[] out, int at) {
        return putUnsignedVarlong(v & 0xFFFFFFFFL, out, at);
    }

    private static int putUnsignedVarlong(long v, byte[] out, int at) {
        while ((v & ~0x7FL) != 0) {
            out[at++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[at++] = (byte) v;
        return at;
    }

    @Override
    public KeyState deserialize(String topic, byte[] data) {
        if (data == null) return null;
        ByteBuffer b = ByteBuffer.wrap(data);
        byte format = b.get();
        if (format == VARINTS || format == WITH_WINDOW) {
            int unit = b.get();
            long version = ByteUtils.readVarlong(b);
            long step = ByteUtils.readVarlong(b);
            long updated = ByteUtils.readVarlong(b);
            double normalizer = b.getDouble();
            double[] hidden = units(b, unit, ByteUtils.readUnsignedVarint(b));
            SurpriseWindow window = format == WITH_WINDOW ? readWindow(b) : SurpriseWindow.EMPTY;
            byte[] recent = new byte[b.remaining()];
            b.get(recent);
            return new KeyState(version, step, hidden, normalizer, RecentSymbols.ofBytes(recent), updated, window);
        }
        if (format != DOUBLES && format != FLOATS && format != HALVES && format != DOUBLES_V1) throw new SerializationException("unknown key state format " + format);
        long version = b.getLong();
        long step = b.getLong();
        long updated = b.getLong();
        double normalizer = format == DOUBLES_V1 ? Double.NaN : b.getDouble();
        double[] hidden = units(b, format == HALVES ? 2 : format == FLOATS ? 4 : 8, b.getInt());
        byte[] recent = new byte[b.getInt()];
        b.get(recent);
        return new KeyState(version, step, hidden, normalizer, RecentSymbols.ofFixedWidthBytes(recent), updated);
    }

    private static double[] units(ByteBuffer b, int unit, int n) {
        double[] hidden = new double[n];
        if (unit == 2) {
            byte[] in = b.array();
            int at = b.arrayOffset() + b.position();
            if (in.length - at < 2 * n) throw new SerializationException("key state of " + in.length + " bytes ends within its " + n + " hidden units");
            for (int i = 0; i < n; i++, at += 2) hidden[i] = HalfFloat.value((short) (in[at] << 8 | in[at + 1] & 0xFF));
            b.position(b.position() + 2 * n);
        } else if (unit == 4) {
            for (int i = 0; i < n; i++) hidden[i] = b.getFloat();
        } else if (unit == 8) {
            b.asDoubleBuffer().get(hidden);
            b.position(b.position() + 8 * n);
        } else {
            throw new SerializationException("unknown hidden unit width " + unit);
        }
        return hidden;
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
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
