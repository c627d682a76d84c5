package io.elmanstream.state;

import io.elmanstream.model.AlertRule;
import io.elmanstream.model.HalfFloat;
import io.elmanstream.model.Objective;
import io.elmanstream.model.Prediction;
import io.elmanstream.model.SurpriseWindow;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.utils.ByteUtils;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyStateSerdeTest {
    private final KeyStateSerde serde = new KeyStateSerde();

    @Test
    void roundTripIsExact() {
        for (long[] header : new long[][]{{7, 42, 1234567890123L}, {Long.MAX_VALUE, Long.MIN_VALUE, -1}, {0, 0, 0}}) {
            KeyState s = new KeyState(header[0], header[1], new double[]{0.1, -Math.PI, Double.MIN_VALUE, 1 - 1e-16}, 4.1743872698956368,
                    RecentSymbols.of(List.of("h", "é", "😀", "10", "x".repeat(300))), header[2]);
            byte[] bytes = serde.serialize("t", s);
            KeyState back = serde.deserialize("t", bytes);
            assertEquals(s.modelVersion(), back.modelVersion());
            assertEquals(s.step(), back.step());
            assertEquals(s.updatedMs(), back.updatedMs());
            assertArrayEquals(s.hidden(), back.hidden(), 0.0);
            assertEquals(s.recent().toList(), back.recent().toList());
            assertEquals(s.normalizer(), back.normalizer(), 0.0);
            assertEquals(8, bytes[1], "values that are not floats are kept as doubles");
        }
    }

    /** The first form: doubles, fixed-width header, no normalizer, two-byte symbol lengths. */
    @Test
    void theFirstFormatStillReads() {
        byte[] recent = fixedWidth("x", "é");
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 8 + 8 + 4 + 16 + 4 + recent.length);
        b.put(KeyStateSerde.DOUBLES_V1).putLong(2).putLong(5).putLong(99).putInt(2).putDouble(0.1).putDouble(-0.7).putInt(recent.length).put(recent);
        KeyState back = serde.deserialize("t", b.array());
        assertEquals(2, back.modelVersion());
        assertEquals(5, back.step());
        assertEquals(99, back.updatedMs());
        assertArrayEquals(new double[]{0.1, -0.7}, back.hidden(), 0.0);
        assertTrue(Double.isNaN(back.normalizer()), "unknown: the next step recomputes it");
        assertEquals(List.of("x", "é"), back.recent().toList());
        assertEquals(List.of("é", "y"), back.recent().append("y", 2).toList(), "the symbols continue in the new form");
    }

    /** Formats 2 to 4: the fixed-width header with the normalizer, and one format per unit width. */
    @Test
    void theFixedWidthFormatsStillRead() {
        byte[] recent = fixedWidth("a", "b");
        for (byte format : new byte[]{KeyStateSerde.FLOATS, KeyStateSerde.DOUBLES, KeyStateSerde.HALVES}) {
            int unit = format == KeyStateSerde.HALVES ? 2 : format == KeyStateSerde.FLOATS ? 4 : 8;
            ByteBuffer b = ByteBuffer.allocate(1 + 8 + 8 + 8 + 8 + 4 + 2 * unit + 4 + recent.length);
            b.put(format).putLong(3).putLong(8).putLong(77).putDouble(2.5).putInt(2);
            for (double v : new double[]{0.5, -0.375}) {
                if (unit == 2) b.putShort((short) HalfFloat.exactBits(v));
                else if (unit == 4) b.putFloat((float) v);
                else b.putDouble(v);
            }
            b.putInt(recent.length).put(recent);
            KeyState back = serde.deserialize("t", b.array());
            assertEquals(3, back.modelVersion());
            assertEquals(8, back.step());
            assertEquals(77, back.updatedMs());
            assertEquals(2.5, back.normalizer(), 0.0);
            assertArrayEquals(new double[]{0.5, -0.375}, back.hidden(), 0.0, "format " + format);
            assertEquals(List.of("a", "b"), back.recent().toList());
        }
    }

    private static byte[] fixedWidth(String... symbols) {
        ByteBuffer b = ByteBuffer.allocate(64);
        b.putShort((short) symbols.length);
        for (String s : symbols) {
            byte[] u = s.getBytes(StandardCharsets.UTF_8);
            b.putShort((short) u.length).put(u);
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    @Test
    void aStateOfHalvesIsStoredInTwoBytesAUnitAndComesBackExactly() {
        double[] h = new double[100];
        Random rnd = new Random(6);
        for (int i = 0; i < h.length; i++) h[i] = HalfFloat.round((float) Math.tanh(rnd.nextGaussian()));
        h[3] = -0.0;
        h[4] = 0x1p-24; // the smallest subnormal half
        h[5] = 0;
        KeyState s = new KeyState(3, 9, h, 1.5, RecentSymbols.of(List.of("a")), 5);
        byte[] bytes = serde.serialize("t", s);
        assertEquals(KeyStateSerde.VARINTS, bytes[0]);
        assertEquals(2, bytes[1]);
        assertEquals(2 + 1 + 1 + 1 + 8 + 1 + 200 + 1 + 1 + 1, bytes.length, "2 bytes a unit, one a small header field");
        KeyState back = serde.deserialize("t", bytes);
        for (int i = 0; i < h.length; i++) assertEquals(Double.doubleToRawLongBits(h[i]), Double.doubleToRawLongBits(back.hidden()[i]), "unit " + i);
        assertEquals(1.5, back.normalizer(), 0.0);
        // one float that is not a half, and the whole vector is stored as floats
        h[50] = Math.nextUp((float) h[50]);
        assertEquals(4, serde.serialize("t", s)[1]);
        // and so when the first unit is not
        h[50] = HalfFloat.round((float) h[50]);
        h[0] = Math.nextUp((float) h[0]);
        assertEquals(4, serde.serialize("t", s)[1]);
    }

    @Test
    void aStateOfFloatsIsStoredAsFloatsAndComesBackExactly() {
        double[] h = new double[100];
        Random rnd = new Random(5);
        for (int i = 0; i < h.length; i++) h[i] = (float) Math.tanh(rnd.nextGaussian());
        h[3] = -0.0;
        h[4] = Float.MIN_VALUE;
        KeyState s = new KeyState(3, 9, h, RecentSymbols.of(List.of("a")), 5);
        byte[] bytes = serde.serialize("t", s);
        assertEquals(4, bytes[1]);
        assertEquals(2 + 1 + 1 + 1 + 8 + 1 + 400 + 1 + 1 + 1, bytes.length, "4 bytes a unit");
        double[] back = serde.deserialize("t", bytes).hidden();
        for (int i = 0; i < h.length; i++) assertEquals(Double.doubleToRawLongBits(h[i]), Double.doubleToRawLongBits(back[i]), "unit " + i);
        // one value that needs a double, and the whole vector is stored as doubles
        h[50] = Math.nextUp((double) (float) h[50]);
        byte[] mixed = serde.serialize("t", new KeyState(3, 9, h, RecentSymbols.of(List.of("a")), 5));
        assertEquals(8, mixed[1]);
        assertArrayEquals(h, serde.deserialize("t", mixed).hidden(), 0.0);
    }

    /** What a character net's key costs RocksDB and the changelog each time it is written back. */
    @Test
    void aTextKeyWithAFullWindowIsSmall() {
        RecentSymbols r = RecentSymbols.EMPTY;
        for (int i = 0; i < 40; i++) r = r.append(String.valueOf((char) ('a' + i % 26)), 32);
        assertEquals(1 + 32 * 2, r.bytes().length, "a count, and a length and a byte a character");
        double[] h = new double[100];
        Arrays.fill(h, 0.5);
        KeyState s = new KeyState(1005, 123_456, h, 3.25, r, 1_796_000_000_000L);
        assertEquals(2 + 2 + 3 + 6 + 8 + 1 + 200 + 65, serde.serialize("t", s).length);
    }

    /** Format 5's bytes, built field by field with Kafka's own varint writer: what the serde writes and what it wrote before. */
    @Test
    void theVarintFormatIsKafkasVarints() {
        RecentSymbols r = RecentSymbols.of(List.of("é", "x"));
        for (long[] header : new long[][]{{7, 42, 1_796_000_000_000L}, {Long.MAX_VALUE, Long.MIN_VALUE, -1}, {0, 0, 0}, {-64, 63, 64}}) {
            for (double[] hidden : new double[][]{{0.5, -0.25}, {0.1f, -3.5f}, {0.1, Math.PI}, {}}) {
                KeyState s = new KeyState(header[0], header[1], hidden, 2.75, r, header[2]);
                byte[] bytes = serde.serialize("t", s);
                int unit = bytes[1];
                ByteBuffer b = ByteBuffer.allocate(bytes.length);
                b.put(KeyStateSerde.VARINTS).put((byte) unit);
                ByteUtils.writeVarlong(header[0], b);
                ByteUtils.writeVarlong(header[1], b);
                ByteUtils.writeVarlong(header[2], b);
                b.putDouble(2.75);
                ByteUtils.writeUnsignedVarint(hidden.length, b);
                for (double v : hidden) {
                    if (unit == 2) b.putShort(HalfFloat.bits((float) v));
                    else if (unit == 4) b.putFloat((float) v);
                    else b.putDouble(v);
                }
                b.put(r.bytes());
                assertEquals(hidden.length == 0 || hidden[0] == 0.5 ? 2 : hidden[0] == 0.1 ? 8 : 4, unit);
                assertArrayEquals(b.array(), bytes, Arrays.toString(header) + " " + Arrays.toString(hidden));
            }
        }
    }

    @Test
    void unknownFormatOrWidthIsRefused() {
        byte[] bytes = serde.serialize("t", new KeyState(1, 1, new double[1], RecentSymbols.EMPTY, 0));
        bytes[1] = 3;
        assertThrows(SerializationException.class, () -> serde.deserialize("t", bytes));
        bytes[0] = 99;
        assertThrows(SerializationException.class, () -> serde.deserialize("t", bytes));
    }

    @Test
    void aStateOfHalvesCutShortIsRefused() {
        double[] h = new double[100];
        Arrays.fill(h, 0.5);
        byte[] whole = serde.serialize("t", new KeyState(1, 1, h, RecentSymbols.EMPTY, 0));
        assertEquals(2, whole[1]);
        byte[] cut = Arrays.copyOf(whole, whole.length - 10);
        SerializationException e = assertThrows(SerializationException.class, () -> serde.deserialize("t", cut));
        assertTrue(e.getMessage().contains("100 hidden units"), e.getMessage());
    }

    @Test
    void recentSymbolsKeepTheNewestWindow() {
        RecentSymbols r = RecentSymbols.EMPTY;
        for (String s : List.of("a", "bb", "é", "😀", "e")) r = r.append(s, 3);
        assertEquals(List.of("é", "😀", "e"), r.toList());
        assertEquals(3, r.size());
        assertEquals(List.of(), r.append("x", 0).toList());
        String word = "w".repeat(200); // a length that takes a two-byte varint
        for (int i = 0; i < 300; i++) r = r.append(word + i, 200);
        assertEquals(200, r.size());
        assertEquals(word + 100, r.toList().get(0));
        assertEquals(word + 299, r.toList().get(199));
    }

    @Test
    void aSurpriseWindowComesBackExactlyInFormatSixAndAnEmptyOneCostsNothing() {
        AlertRule rule = new AlertRule(4, 2, 0.5);
        double[] bits = {Double.NaN, 0.5, 3, 0.1, 9, 7};
        SurpriseWindow w = SurpriseWindow.EMPTY;
        for (int t = 0; t < bits.length; t++) {
            w = w.next(rule, Objective.NEXT_SYMBOL, new Prediction(1000 + t, "a", "b", new String[0], new double[0], bits[t], Double.NaN), t == 3 ? 70_000 : t)
                    .window();
        }
        assertTrue(w.open(), "an alert is open");
        for (double[] hidden : new double[][]{{0.5, -0.25}, {0.1, 0.2}, {1.0 / 3, 0.7}}) {
            KeyState s = new KeyState(3, 1006, hidden, 1.5, RecentSymbols.of(List.of("a", "b")), 99, w);
            byte[] bytes = serde.serialize("t", s);
            assertEquals(KeyStateSerde.WITH_WINDOW, bytes[0]);
            KeyState back = serde.deserialize("t", bytes);
            assertEquals(w, back.surprise(), "steps, float bits, expected symbols, what is expected next and the open flag");
            assertArrayEquals(hidden, back.hidden(), 0.0);
            assertEquals(List.of("a", "b"), back.recent().toList());
            assertEquals(1.5, back.normalizer());
            KeyState without = new KeyState(3, 1006, hidden, 1.5, RecentSymbols.of(List.of("a", "b")), 99);
            byte[] plain = serde.serialize("t", without);
            assertEquals(KeyStateSerde.VARINTS, plain[0], "no window, format 5 as before");
            assertEquals(SurpriseWindow.EMPTY, serde.deserialize("t", plain).surprise());
            // count, what comes next, the flag; step 1002 then deltas of 1; four floats; expected 1, 2, 70000 (three bytes) and 4
            assertEquals(plain.length + 3 + (2 + 1 + 1 + 1) + 4 * 4 + (1 + 1 + 3 + 1), bytes.length, "the window in varints");
        }
    }
}
