package io.elmanstream.stream;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Utf8TextTest {
    @Test
    void knownCases() {
        assertTrue(Utf8Text.isValid("héllo 😀 €".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertFalse(Utf8Text.isValid(new byte[]{(byte) 0xC3, 0x28}));             // bad continuation
        assertFalse(Utf8Text.isValid(new byte[]{(byte) 0xC0, (byte) 0xAF}));      // overlong '/'
        assertFalse(Utf8Text.isValid(new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80})); // surrogate
        assertFalse(Utf8Text.isValid(new byte[]{(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80})); // > U+10FFFF
        assertFalse(Utf8Text.isValid(new byte[]{(byte) 0xE2, (byte) 0x82}));      // truncated
    }

    @Property(tries = 2000)
    void agreesWithTheJdkStrictDecoder(@ForAll byte[] bytes) {
        assertEquals(Utf8Text.strict(bytes) != null, Utf8Text.isValid(bytes));
    }
}
