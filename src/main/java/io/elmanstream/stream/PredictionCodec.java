package io.elmanstream.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.elmanstream.model.Prediction;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes prediction JSON: {@code {"key":…,"model":"xor","modelVersion":3,"step":42,"symbol":"1",
 * "predicted":"0","probabilities":{…}}}, plus the event's {@code target} when it had one and
 * the event's {@code surprisal} in bits when it has one.
 */
public final class PredictionCodec {
    /** Schubfach double formatting: shortest round-tripping digits, several times faster than Double.toString. */
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

    private PredictionCodec() {
    }

    /** @param key the stream key as UTF-8 bytes (already validated), written as they are, escaped where JSON needs it */
    public static byte[] toJson(byte[] key, String model, long modelVersion, Prediction p, String target) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("key");
            g.writeUTF8String(key, 0, key.length);
            g.writeStringField("model", model);
            g.writeNumberField("modelVersion", modelVersion);
            g.writeNumberField("step", p.step());
            g.writeStringField("symbol", p.symbol());
            g.writeStringField("predicted", p.predicted());
            if (target != null) g.writeStringField("target", target);
            if (!Double.isNaN(p.surprisal())) g.writeNumberField("surprisal", p.surprisal());
            g.writeObjectFieldStart("probabilities");
            for (int i = 0; i < p.topSymbols().length; i++) g.writeNumberField(p.topSymbols()[i], p.topProbabilities()[i]);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
