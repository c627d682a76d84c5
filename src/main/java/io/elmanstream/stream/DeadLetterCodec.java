package io.elmanstream.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * Writes a dead letter: the record as received (the raw value as text when it is UTF-8, else as
 * base64 in {@code valueBase64}), where it came from, the stage that refused it and why.
 */
public final class DeadLetterCodec {
    private static final JsonFactory JSON = new JsonFactory();

    private DeadLetterCodec() {
    }

    public static byte[] toJson(String topic, int partition, long offset, String key, byte[] value, String stage, String error) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("topic", topic);
            g.writeNumberField("partition", partition);
            g.writeNumberField("offset", offset);
            g.writeStringField("key", key);
            if (value == null) g.writeNullField("value");
            else {
                String text = Utf8Text.strict(value);
                if (text != null) g.writeStringField("value", text);
                else g.writeStringField("valueBase64", Base64.getEncoder().encodeToString(value));
            }
            g.writeStringField("stage", stage);
            g.writeStringField("error", error);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

}
