package io.elmanstream.records;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Utf8TextTest {
    @Test
    void knownCases() {
        assertTrue(Utf8Text.isValid("héllo 😀 €".getBytes(StandardCharsets.UTF_8)));
        assertFalse(Utf8Text.isValid(new byte[]{(byte) 0xC3, 0x28}));             // bad continuation
        assertFalse(Utf8Text.isValid(new byte[]{(byte) 0xC0, (byte) 0xAF}));      // overlong '/'
        assertFalse(Utf8Text.isValid(new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80})); // surrogate
        assertFalse(Utf8Text.isValid(new byte[]{(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80})); // > U+10FFFF
        assertFalse(Utf8Text.isValid(new byte[]{(byte) 0xE2, (byte) 0x82}));      // truncated
    }

    /** Seeded random bytes, and random text encoded and then damaged: the same verdict as the JDK's strict decoder. */
    @Test
    void agreesWithTheJdkStrictDecoder() {
        long seed = 20261126L;
        Random rnd = new Random(seed);
        int validSeen = 0;
        for (int i = 0; i < 4000; i++) {
            byte[] bytes;
            if (i % 2 == 0) {
                bytes = new byte[rnd.nextInt(12)];
                rnd.nextBytes(bytes);
            } else {
                StringBuilder text = new StringBuilder();
                for (int c = rnd.nextInt(6); c > 0; c--) text.appendCodePoint(randomCodePoint(rnd));
                bytes = text.toString().getBytes(StandardCharsets.UTF_8);
                if (bytes.length > 0 && rnd.nextInt(3) == 0) bytes[rnd.nextInt(bytes.length)] ^= (byte) (1 << rnd.nextInt(8));
            }
            boolean valid = Utf8Text.strict(bytes) != null;
            if (valid) validSeen++;
            assertEquals(valid, Utf8Text.isValid(bytes), "seed " + seed + ", case " + i);
        }
        assertTrue(validSeen > 1000 && validSeen < 3500, "both verdicts are exercised: " + validSeen + " valid of 4000");
    }

    private static int randomCodePoint(Random rnd) {
        int[] upper = {0x80, 0x800, 0x10000, 0x110000};
        int cp = rnd.nextInt(upper[rnd.nextInt(4)]);
        return cp >= 0xD800 && cp <= 0xDFFF ? 'x' : cp;
    }
}
