package io.elmanstream.records;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads and writes event JSON with Jackson's streaming parser (no tree per event). Reading checks
 * everything that does not need a model: size, UTF-8, JSON, object shape and field types.
 */
public final class EventCodec {
    public static final String STAGE = "parse";
    private static final JsonFactory JSON = new JsonFactory();

    private EventCodec() {
    }

    public static Event parse(byte[] value, int maxBytes) throws BadRecordException {
        if (value == null) throw new BadRecordException(STAGE, "null value");
        if (value.length == 0) throw new BadRecordException(STAGE, "empty value");
        if (value.length > maxBytes) {
            throw new BadRecordException(STAGE, "value of " + value.length + " bytes exceeds the limit of " + maxBytes);
        }
        checkUtf8(value);
        String model = null, symbol = null, target = null;
        boolean reset = false;
        try (JsonParser p = JSON.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new BadRecordException(STAGE, "value is not a JSON object");
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "model" -> model = text(p, v, field);
                    case "symbol" -> symbol = text(p, v, field);
                    case "target" -> target = v == JsonToken.VALUE_NULL ? null : text(p, v, field);
                    case "reset" -> {
                        if (v != JsonToken.VALUE_TRUE && v != JsonToken.VALUE_FALSE && v != JsonToken.VALUE_NULL) {
                            throw new BadRecordException(STAGE, "field 'reset' must be true or false");
                        }
                        reset = v == JsonToken.VALUE_TRUE;
                    }
                    default -> p.skipChildren(); // unknown fields are allowed: producers may add context
                }
            }
            if (t != JsonToken.END_OBJECT) throw new BadRecordException(STAGE, "value is not valid JSON");
            if (p.nextToken() != null) throw new BadRecordException(STAGE, "trailing data after the JSON object");
        } catch (IOException e) {
            throw new BadRecordException(STAGE, "value is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (model == null || model.isEmpty()) throw new BadRecordException(STAGE, "field 'model' is missing");
        if (symbol == null || symbol.isEmpty()) throw new BadRecordException(STAGE, "field 'symbol' is missing");
        return new Event(model, symbol, target, reset);
    }

    private static String text(JsonParser p, JsonToken v, String field) throws IOException, BadRecordException {
        if (v != JsonToken.VALUE_STRING) throw new BadRecordException(STAGE, "field '" + field + "' must be a string");
        return p.getText();
    }

    private static void checkUtf8(byte[] value) throws BadRecordException {
        if (!Utf8Text.isValid(value)) throw new BadRecordException(STAGE, "value is not valid UTF-8");
    }

    public static byte[] toJson(Event e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("model", e.model());
            g.writeStringField("symbol", e.symbol());
            if (e.target() != null) g.writeStringField("target", e.target());
            if (e.reset()) g.writeBooleanField("reset", true);
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
