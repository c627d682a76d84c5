package io.elmanstream.records;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import io.elmanstream.model.Prediction;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Writes prediction JSON: {@code {"key":…,"model":"xor","modelVersion":3,"step":42,"symbol":"1",
 * "predicted":"0","probabilities":{…}}}, plus the event's {@code target} when it had one and
 * the event's {@code surprisal} in bits when it has one.
 *
 * <p>One instance per stream task, used by one thread: it keeps one generator and one buffer and
 * writes every prediction as the next root value, because creating a generator per event (its
 * context, a buffer from the thread's recycler, a growing output stream) cost a fifth of the JSON.
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

    /** The bytes of the value being written; emptied after each. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(256);
        }

        byte[] take() {
            byte[] b = Arrays.copyOf(buf, count);
            count = 0;
            return b;
        }
    }

    private final Buffer out = new Buffer();
    private JsonGenerator g;

    /** @param key the stream key as UTF-8 bytes (already validated), written as they are, escaped where JSON needs it */
    public byte[] toJson(byte[] key, String model, long modelVersion, Prediction p, String target) {
        try {
            if (g == null) {
                g = JSON.createGenerator(out);
                g.setRootValueSeparator(null); // values one after another, nothing between
            }
            write(g, key, model, modelVersion, p, target);
            g.flush();
            return out.take();
        } catch (IOException | RuntimeException e) {
            // a half-written value leaves the generator inside it: start the next one afresh
            g = null;
            out.reset();
            if (e instanceof IOException io) throw new UncheckedIOException(io);
            throw (RuntimeException) e;
        }
    }

    private static void write(JsonGenerator g, byte[] key, String model, long modelVersion, Prediction p, String target) throws IOException {
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
    }
}
