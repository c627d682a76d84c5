package io.elmanstream.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntervalTest {
    @Test
    void numbersWithUnits() {
        assertEquals(Duration.ofMillis(500), Interval.parse("500ms", "--every"));
        assertEquals(Duration.ofSeconds(30), Interval.parse("30s", "--every"));
        assertEquals(Duration.ofMinutes(10), Interval.parse(" 10m ", "--every"));
        assertEquals(Duration.ofHours(6), Interval.parse("6h", "--every"));
        assertEquals(Duration.ofDays(1), Interval.parse("1d", "--every"));
    }

    @Test
    void anythingElseIsRefusedWithTheForm() {
        for (String bad : new String[]{"10", "10x", "m", "-5m", "1.5h", ""}) {
            var e = assertThrows(IllegalArgumentException.class, () -> Interval.parse(bad, "--every"));
            assertTrue(e.getMessage().startsWith("--every takes a number and a unit (ms, s, m, h, d), e.g. 10m; got '"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Interval.parse("0s", "--every")).getMessage().contains("more than 0"));
    }
}
