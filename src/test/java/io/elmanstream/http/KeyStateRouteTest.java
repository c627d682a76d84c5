package io.elmanstream.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** How a key and a model come out of a request's URL. */
class KeyStateRouteTest {

    @Test
    void thePathIsPercentDecodedToBytes() {
        assertArrayEquals("h/ü ?&#%".getBytes(StandardCharsets.UTF_8), KeyStateRoute.percentDecoded("h%2F%C3%BC%20%3F%26%23%25"));
        assertArrayEquals(new byte[0], KeyStateRoute.percentDecoded(""), "the empty key");
        assertArrayEquals(new byte[]{(byte) 0xff}, KeyStateRoute.percentDecoded("%ff"), "bytes as sent; UTF-8 is checked after");
        assertArrayEquals("a+b".getBytes(StandardCharsets.UTF_8), KeyStateRoute.percentDecoded("a+b"), "a plus in a path is a plus");
        assertNull(KeyStateRoute.percentDecoded("%zz"));
        assertNull(KeyStateRoute.percentDecoded("ab%2"));
        assertNull(KeyStateRoute.percentDecoded("%"));
    }

    @Test
    void theModelIsAFormDecodedQueryParameter() {
        assertEquals("xor", KeyStateRoute.queryParameter("model=xor", "model"));
        assertEquals("a b", KeyStateRoute.queryParameter("x=1&model=a+b", "model"));
        assertEquals("", KeyStateRoute.queryParameter("model", "model"));
        assertNull(KeyStateRoute.queryParameter("models=xor", "model"));
        assertNull(KeyStateRoute.queryParameter(null, "model"));
        assertNull(KeyStateRoute.queryParameter("model=%zz", "model"), "malformed");
    }
}
