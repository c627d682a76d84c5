package io.elmanstream.stream;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyStateSerdeTest {
    private final KeyStateSerde serde = new KeyStateSerde();

    @Test
    void roundTripIsExact() {
        KeyState s = new KeyState(7, 42, new double[]{0.1, -Math.PI, Double.MIN_VALUE, 1 - 1e-16}, 4.1743872698956368,
                RecentSymbols.of(List.of("h", "é", "😀", "10")), 1234567890123L);
        byte[] bytes = serde.serialize("t", s);
        KeyState back = serde.deserialize("t", bytes);
        assertEquals(s.modelVersion(), back.modelVersion());
        assertEquals(s.step(), back.step());
        assertEquals(s.updatedMs(), back.updatedMs());
        assertArrayEquals(s.hidden(), back.hidden(), 0.0);
        assertEquals(s.recent().toList(), back.recent().toList());
        assertEquals(s.normalizer(), back.normalizer(), 0.0);
        assertEquals(KeyStateSerde.DOUBLES, bytes[0], "values that are not floats are kept as doubles");
    }

    /** A store written before the formats with floats and the normalizer still restores. */
    @Test
    void theFirstFormatStillReads() {
        byte[] recent = RecentSymbols.of(List.of("x")).bytes();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1 + 8 + 8 + 8 + 4 + 16 + 4 + recent.length);
        b.put(KeyStateSerde.DOUBLES_V1).putLong(2).putLong(5).putLong(99).putInt(2).putDouble(0.1).putDouble(-0.7).putInt(recent.length).put(recent);
        KeyState back = serde.deserialize("t", b.array());
        assertEquals(2, back.modelVersion());
        assertEquals(5, back.step());
        assertEquals(99, back.updatedMs());
        assertArrayEquals(new double[]{0.1, -0.7}, back.hidden(), 0.0);
        assertTrue(Double.isNaN(back.normalizer()), "unknown: the next step recomputes it");
        assertEquals(List.of("x"), back.recent().toList());
    }

    @Test
    void aStateOfHalvesIsStoredInTwoBytesAUnitAndComesBackExactly() {
        double[] h = new double[100];
        java.util.Random rnd = new java.util.Random(6);
        for (int i = 0; i < h.length; i++) h[i] = io.elmanstream.model.HalfFloat.round((float) Math.tanh(rnd.nextGaussian()));
        h[3] = -0.0;
        h[4] = 0x1p-24; // the smallest subnormal half
        KeyState s = new KeyState(3, 9, h, 1.5, RecentSymbols.of(List.of("a")), 5);
        byte[] bytes = serde.serialize("t", s);
        assertEquals(KeyStateSerde.HALVES, bytes[0]);
        assertEquals(1 + 8 + 8 + 8 + 8 + 4 + 200 + 4 + 2 + 2 + 1, bytes.length, "2 bytes a unit");
        KeyState back = serde.deserialize("t", bytes);
        for (int i = 0; i < h.length; i++) assertEquals(Double.doubleToRawLongBits(h[i]), Double.doubleToRawLongBits(back.hidden()[i]), "unit " + i);
        assertEquals(1.5, back.normalizer(), 0.0);
        // one float that is not a half, and the whole vector is stored as floats
        h[50] = Math.nextUp((float) h[50]);
        assertEquals(KeyStateSerde.FLOATS, serde.serialize("t", s)[0]);
    }

    @Test
    void aStateOfFloatsIsStoredAsFloatsAndComesBackExactly() {
        double[] h = new double[100];
        java.util.Random rnd = new java.util.Random(5);
        for (int i = 0; i < h.length; i++) h[i] = (float) Math.tanh(rnd.nextGaussian());
        h[3] = -0.0;
        h[4] = Float.MIN_VALUE;
        KeyState s = new KeyState(3, 9, h, RecentSymbols.of(List.of("a")), 5);
        byte[] bytes = serde.serialize("t", s);
        assertEquals(KeyStateSerde.FLOATS, bytes[0]);
        assertEquals(1 + 8 + 8 + 8 + 8 + 4 + 400 + 4 + 2 + 2 + 1, bytes.length, "4 bytes a unit");
        double[] back = serde.deserialize("t", bytes).hidden();
        for (int i = 0; i < h.length; i++) assertEquals(Double.doubleToRawLongBits(h[i]), Double.doubleToRawLongBits(back[i]), "unit " + i);
        // one value that needs a double, and the whole vector is stored as doubles
        h[50] = Math.nextUp((double) (float) h[50]);
        byte[] mixed = serde.serialize("t", new KeyState(3, 9, h, RecentSymbols.of(List.of("a")), 5));
        assertEquals(KeyStateSerde.DOUBLES, mixed[0]);
        assertArrayEquals(h, serde.deserialize("t", mixed).hidden(), 0.0);
    }

    @Test
    void compactNoJson() {
        KeyState s = new KeyState(1, 1, new double[]{0.5, 0.1, 0, 0, 0, 0, 0, 0, 0, 0}, RecentSymbols.of(List.of("h")), 0);
        assertEquals(1 + 8 + 8 + 8 + 8 + 4 + 80 + 4 + 2 + 2 + 1, serde.serialize("t", s).length);
    }

    @Test
    void unknownFormatIsRefused() {
        byte[] bytes = serde.serialize("t", new KeyState(1, 1, new double[1], RecentSymbols.EMPTY, 0));
        bytes[0] = 99;
        assertThrows(SerializationException.class, () -> serde.deserialize("t", bytes));
    }

    @Test
    void recentSymbolsKeepTheNewestWindow() {
        RecentSymbols r = RecentSymbols.EMPTY;
        for (String s : List.of("a", "bb", "é", "😀", "e")) r = r.append(s, 3);
        assertEquals(List.of("é", "😀", "e"), r.toList());
        assertEquals(3, r.size());
        assertEquals(List.of(), r.append("x", 0).toList());
    }
}
