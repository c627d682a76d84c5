package io.elmanstream.state;

import org.apache.kafka.common.utils.ByteUtils;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A key's most recent symbols, oldest first, kept as the bytes the store holds: a count, then each
 * symbol as a length-prefixed UTF-8 string, count and lengths as unsigned varints (as in Kafka's
 * record format: one byte for a length under 128, so a character costs two bytes, not four).
 * Appending copies bytes and never decodes the symbols already there; they are decoded only when a
 * model swap needs them for the replay.
 */
public final class RecentSymbols {
    public static final RecentSymbols EMPTY = new RecentSymbols(new byte[]{0});
    private final byte[] bytes;

    private RecentSymbols(byte[] bytes) {
        this.bytes = bytes;
    }

    public static RecentSymbols ofBytes(byte[] bytes) {
        return new RecentSymbols(bytes);
    }

    /** The symbols of the form key state formats 1 to 4 stored: a two-byte count, two-byte lengths. */
    static RecentSymbols ofFixedWidthBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int n = b.getShort() & 0xFFFF;
        List<String> symbols = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int len = b.getShort() & 0xFFFF;
            symbols.add(new String(bytes, b.position(), len, StandardCharsets.UTF_8));
            b.position(b.position() + len);
        }
        return of(symbols);
    }

    public static RecentSymbols of(List<String> symbols) {
        RecentSymbols r = EMPTY;
        for (String s : symbols) r = r.append(s, Integer.MAX_VALUE);
        return r;
    }

    public byte[] bytes() {
        return bytes;
    }

    public int size() {
        return ByteUtils.readUnsignedVarint(ByteBuffer.wrap(bytes));
    }

    /** These symbols plus {@code symbol}, keeping at most the newest {@code window}. */
    public RecentSymbols append(String symbol, int window) {
        if (window <= 0) return EMPTY;
        byte[] s = symbol.getBytes(StandardCharsets.UTF_8);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int count = ByteUtils.readUnsignedVarint(in);
        for (; count >= window; count--) in.position(ByteUtils.readUnsignedVarint(in) + in.position()); // drop the oldest
        int kept = bytes.length - in.position();
        int n = count + 1;
        byte[] out = new byte[ByteUtils.sizeOfUnsignedVarint(n) + kept + ByteUtils.sizeOfUnsignedVarint(s.length) + s.length];
        ByteBuffer o = ByteBuffer.wrap(out);
        ByteUtils.writeUnsignedVarint(n, o);
        o.put(bytes, in.position(), kept);
        ByteUtils.writeUnsignedVarint(s.length, o);
        o.put(s);
        return new RecentSymbols(out);
    }

    public List<String> toList() {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int n = ByteUtils.readUnsignedVarint(b);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int len = ByteUtils.readUnsignedVarint(b);
            out.add(new String(bytes, b.position(), len, StandardCharsets.UTF_8));
            b.position(b.position() + len);
        }
        return out;
    }
}
