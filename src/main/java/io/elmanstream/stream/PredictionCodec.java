package io.elmanstream.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
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

    // the field names quoted and encoded once, not per prediction
    private static final SerializedString KEY = new SerializedString("key");
    private static final SerializedString MODEL = new SerializedString("model");
    private static final SerializedString MODEL_VERSION = new SerializedString("modelVersion");
    private static final SerializedString STEP = new SerializedString("step");
    private static final SerializedString SYMBOL = new SerializedString("symbol");
    private static final SerializedString PREDICTED = new SerializedString("predicted");
    private static final SerializedString TARGET = new SerializedString("target");
    private static final SerializedString SURPRISAL = new SerializedString("surprisal");
    private static final SerializedString PROBABILITIES = new SerializedString("probabilities");

    private PredictionCodec() {
    }

    /** @param key the stream key as UTF-8 bytes (already validated), written as they are, escaped where JSON needs it */
    public static byte[] toJson(byte[] key, String model, long modelVersion, Prediction p, String target) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName(KEY);
            g.writeUTF8String(key, 0, key.length);
            g.writeFieldName(MODEL);
            g.writeString(model);
            g.writeFieldName(MODEL_VERSION);
            g.writeNumber(modelVersion);
            g.writeFieldName(STEP);
            g.writeNumber(p.step());
            g.writeFieldName(SYMBOL);
            g.writeString(p.symbol());
            g.writeFieldName(PREDICTED);
            g.writeString(p.predicted());
            if (target != null) {
                g.writeFieldName(TARGET);
                g.writeString(target);
            }
            if (!Double.isNaN(p.surprisal())) {
                g.writeFieldName(SURPRISAL);
                g.writeNumber(p.surprisal());
            }
            g.writeFieldName(PROBABILITIES);
            g.writeStartObject();
            for (int i = 0; i < p.topSymbols().length; i++) g.writeNumberField(p.topSymbols()[i], p.topProbabilities()[i]);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
