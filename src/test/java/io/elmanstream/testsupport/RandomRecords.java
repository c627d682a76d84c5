package io.elmanstream.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Seeded random event records for the property tests: valid events, mutated JSON (truncated,
 * flipped bytes, wrong types, huge fields, deep nesting), random bytes, and odd keys (null, empty,
 * not UTF-8, long, with characters JSON escapes), up to a given size.
 */
public final class RandomRecords {
    private static final String[] MODELS = {"xor", "hello", "nope", "", "x\\u0000"};
    private static final String[] SYMBOLS = {"0", "1", "h", "e", "l", "o", "he", "1 0", "", "\\uD83D\\uDE00", "\\\"", "\\\\"};

    private RandomRecords() {
    }

    public static byte[] validEvent(Random rnd) {
        boolean xor = rnd.nextBoolean();
        String symbol = xor ? Integer.toString(rnd.nextInt(2)) : Character.toString("helo".charAt(rnd.nextInt(4)));
        return utf8("{\"model\":\"" + (xor ? "xor" : "hello") + "\",\"symbol\":\"" + symbol + "\"}");
    }

    public static byte[] key(Random rnd, int maxBytes) {
        return switch (rnd.nextInt(9)) {
            case 0 -> null;
            case 1 -> new byte[0];
            case 2 -> randomBytes(rnd, 1 + rnd.nextInt(8));
            case 3 -> utf8("ключ-" + rnd.nextInt(50));
            case 4 -> utf8("k".repeat(1 + rnd.nextInt(maxBytes)));
            case 5 -> utf8("k\"\\\n\u0001\u2028\uD83D\uDE00" + rnd.nextInt(50)); // what JSON must escape, and 4-byte UTF-8
            default -> utf8("k" + rnd.nextInt(50));
        };
    }

    public static byte[] value(Random rnd, int maxBytes) {
        byte[] v = switch (rnd.nextInt(10)) {
            case 0, 1, 2 -> validEvent(rnd);
            case 3 -> utf8(randomJson(rnd));
            case 4 -> truncate(rnd, validEvent(rnd));
            case 5 -> flip(rnd, validEvent(rnd));
            case 6 -> utf8("{\"model\":\"xor\",\"symbol\":\"1\",\"pad\":\"" + "x".repeat(rnd.nextInt(Math.max(1, maxBytes))) + "\"}");
            case 7 -> utf8("{\"model\":\"xor\",\"symbol\":\"1\",\"deep\":" + "[".repeat(rnd.nextInt(3000)) + "}");
            case 8 -> randomBytes(rnd, rnd.nextInt(Math.max(1, Math.min(maxBytes, 1 << 20))));
            default -> rnd.nextBoolean() ? null : new byte[0];
        };
        return v != null && v.length > maxBytes ? Arrays.copyOf(v, maxBytes) : v;
    }

    private static String randomJson(Random rnd) {
        String[] wrong = {"{\"model\":1,\"symbol\":\"1\"}", "{\"model\":\"xor\",\"symbol\":{}}", "null", "1", "\"s\"",
                "{\"model\":\"xor\",\"symbol\":\"1\",\"target\":[]}", "{", "}", "{\"model\":\"xor\",\"symbol\":\"1\",\"model\":\"hello\"}",
                "{\"model\":\"xor\",\"symbol\":\"1\",\"reset\":3}", "{\"model\":\"xor\",\"symbol\":\"1\",\"n\":1" + "0".repeat(2000) + "}"};
        if (rnd.nextBoolean()) return wrong[rnd.nextInt(wrong.length)];
        String[] resets = {"true", "false", "1", "null", "\"x\""};
        return "{\"model\":\"" + MODELS[rnd.nextInt(MODELS.length)] + "\",\"symbol\":\"" + SYMBOLS[rnd.nextInt(SYMBOLS.length)]
                + "\",\"target\":\"" + SYMBOLS[rnd.nextInt(SYMBOLS.length)] + "\",\"reset\":" + resets[rnd.nextInt(resets.length)] + "}";
    }

    private static byte[] truncate(Random rnd, byte[] v) {
        return Arrays.copyOf(v, rnd.nextInt(v.length));
    }

    private static byte[] flip(Random rnd, byte[] v) {
        v[rnd.nextInt(v.length)] ^= (byte) (1 << rnd.nextInt(8));
        return v;
    }

    public static byte[] randomBytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
