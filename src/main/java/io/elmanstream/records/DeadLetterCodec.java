package io.elmanstream.records;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Writes a dead letter: where the record came from, the stage that refused it and why, and its
 * key and value as received (as text when the whole is UTF-8, else as base64 in {@code keyBase64} /
 * {@code valueBase64}). A dead letter is bounded whatever the record: key and value keep at most
 * {@code maxBytes} each, and a cut one says so with {@code keyTruncated}/{@code valueTruncated},
 * the original length ({@code keyBytes}/{@code valueBytes}) and the SHA-256 of the whole
 * ({@code keySha256}/{@code valueSha256}), so the original can still be found and checked at its
 * topic, partition and offset. The error text keeps at most {@link #MAX_ERROR_CHARS} characters.
 */
public final class DeadLetterCodec {
    public static final int MAX_ERROR_CHARS = 1000;
    /** What a dead letter adds around the cut key and value: field names, origin, stage, error. */
    public static final int ENVELOPE_BYTES = 4 * MAX_ERROR_CHARS + 1024;
    private static final JsonFactory JSON = new JsonFactory();

    private DeadLetterCodec() {
    }

    /** The largest dead letter {@link #toJson} writes for this bound: raw text JSON-escaped at worst 6 bytes a byte. */
    public static int maxSize(int maxBytes) {
        return 2 * 6 * maxBytes + ENVELOPE_BYTES;
    }

    public static byte[] toJson(String topic, int partition, long offset, byte[] key, byte[] value, String stage, String error,
                                int maxBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("topic", topic);
            g.writeNumberField("partition", partition);
            g.writeNumberField("offset", offset);
            writeRaw(g, "key", key, maxBytes);
            writeRaw(g, "value", value, maxBytes);
            g.writeStringField("stage", stage);
            g.writeStringField("error", cut(error));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeRaw(JsonGenerator g, String field, byte[] raw, int maxBytes) throws IOException {
        if (raw == null) {
            g.writeNullField(field);
            return;
        }
        boolean text = Utf8Text.isValid(raw);
        int keep = Math.min(raw.length, maxBytes);
        // a cut inside a character would leave a prefix that is not UTF-8: cut before it
        while (text && keep < raw.length && keep > 0 && (raw[keep] & 0xC0) == 0x80) keep--;
        if (text) g.writeStringField(field, new String(raw, 0, keep, StandardCharsets.UTF_8));
        else g.writeStringField(field + "Base64", Base64.getEncoder().encodeToString(Arrays.copyOf(raw, keep)));
        if (keep < raw.length) {
            g.writeBooleanField(field + "Truncated", true);
            g.writeNumberField(field + "Bytes", raw.length);
            g.writeStringField(field + "Sha256", sha256(raw));
        }
    }

    static String cut(String error) {
        if (error == null || error.length() <= MAX_ERROR_CHARS) return error;
        int end = MAX_ERROR_CHARS;
        if (Character.isHighSurrogate(error.charAt(end - 1))) end--;
        return error.substring(0, end) + "… (" + error.length() + " characters)";
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
