package io.elmanstream.stream;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KeyStateSerdeTest {
    private final KeyStateSerde serde = new KeyStateSerde();

    @Test
    void roundTripIsExact() {
        KeyState s = new KeyState(7, 42, new double[]{0.1, -Math.PI, Double.MIN_VALUE, 1 - 1e-16}, RecentSymbols.of(List.of("h", "é", "😀", "10")), 1234567890123L);
        byte[] bytes = serde.serialize("t", s);
        KeyState back = serde.deserialize("t", bytes);
        assertEquals(s.modelVersion(), back.modelVersion());
        assertEquals(s.step(), back.step());
        assertEquals(s.updatedMs(), back.updatedMs());
        assertArrayEquals(s.hidden(), back.hidden(), 0.0);
        assertEquals(s.recent().toList(), back.recent().toList());
        assertEquals(KeyStateSerde.FORMAT_V1, bytes[0]);
    }

    @Test
    void compactNoJson() {
        KeyState s = new KeyState(1, 1, new double[10], RecentSymbols.of(List.of("h")), 0);
        assertEquals(1 + 8 + 8 + 8 + 4 + 80 + 4 + 2 + 2 + 1, serde.serialize("t", s).length);
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
