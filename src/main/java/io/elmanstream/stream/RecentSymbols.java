package io.elmanstream.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A key's most recent symbols, oldest first, kept as the bytes the store holds: a count, then each
 * symbol as a length-prefixed UTF-8 string. Appending copies bytes and never decodes the symbols
 * already there; they are decoded only when a model swap needs them for the replay.
 */
public final class RecentSymbols {
    public static final RecentSymbols EMPTY = new RecentSymbols(new byte[]{0, 0});
    private final byte[] bytes;

    private RecentSymbols(byte[] bytes) {
        this.bytes = bytes;
    }

    public static RecentSymbols ofBytes(byte[] bytes) {
        return new RecentSymbols(bytes);
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
        return ((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF);
    }

    /** These symbols plus {@code symbol}, keeping at most the newest {@code window}. */
    public RecentSymbols append(String symbol, int window) {
        if (window <= 0) return EMPTY;
        byte[] s = symbol.getBytes(StandardCharsets.UTF_8);
        int count = size();
        int from = 2;
        while (count >= window || count >= 0xFFFF) { // drop the oldest
            from += 2 + (((bytes[from] & 0xFF) << 8) | (bytes[from + 1] & 0xFF));
            count--;
        }
        int kept = bytes.length - from;
        byte[] out = new byte[2 + kept + 2 + s.length];
        int n = count + 1;
        out[0] = (byte) (n >>> 8);
        out[1] = (byte) n;
        System.arraycopy(bytes, from, out, 2, kept);
        out[2 + kept] = (byte) (s.length >>> 8);
        out[3 + kept] = (byte) s.length;
        System.arraycopy(s, 0, out, 4 + kept, s.length);
        return new RecentSymbols(out);
    }

    public List<String> toList() {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int n = b.getShort() & 0xFFFF;
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int len = b.getShort() & 0xFFFF;
            out.add(new String(bytes, b.position(), len, StandardCharsets.UTF_8));
            b.position(b.position() + len);
        }
        return out;
    }
}
