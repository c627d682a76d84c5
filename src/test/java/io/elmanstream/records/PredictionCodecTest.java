package io.elmanstream.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.elmanstream.model.Prediction;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PredictionCodecTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Prediction prediction(long step, double surprisal) {
        return new Prediction(step, "e", "l", new String[]{"l", "\"", "\n"}, new double[]{0.5, 0.3, 0.2 / 3}, surprisal, Double.NaN);
    }

    @Test
    void everyValueIsOneWholeObjectAndTheSameAsAFreshWritersOne() throws Exception {
        PredictionCodec reused = new PredictionCodec();
        byte[] key = "k\"\\\u2028é😀".getBytes(StandardCharsets.UTF_8);
        for (int step = 0; step < 3; step++) {
            Prediction p = prediction(step, step == 0 ? Double.NaN : 1.25 * step);
            String target = step == 2 ? "x" : null;
            byte[] json = reused.toJson(key, "text", 7, p, target);
            assertArrayEquals(new PredictionCodec().toJson(key, "text", 7, p, target), json, "step " + step);
            assertEquals('{', json[0], "no separator before a value");
            JsonNode n = MAPPER.readTree(json);
            assertEquals(new String(key, StandardCharsets.UTF_8), n.get("key").asText());
            assertEquals(step, n.get("step").asLong());
            assertEquals(step == 0, !n.has("surprisal"));
            assertEquals(step == 2, n.has("target"));
            assertEquals(0.2 / 3, n.get("probabilities").get("\n").asDouble(), 0.0);
        }
    }

    @Test
    void aValueThatFailsHalfwayLeavesTheNextOneWhole() throws Exception {
        PredictionCodec codec = new PredictionCodec();
        byte[] key = "k".getBytes(StandardCharsets.UTF_8);
        Prediction broken = new Prediction(1, "e", "l", new String[]{"l", "e"}, new double[]{1.0}, 0.5, Double.NaN);
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> codec.toJson(key, "text", 1, broken, null));
        byte[] json = codec.toJson(key, "text", 1, prediction(2, 0.5), null);
        assertArrayEquals(new PredictionCodec().toJson(key, "text", 1, prediction(2, 0.5), null), json);
        assertTrue(MAPPER.readTree(json).has("probabilities"));
    }
}
