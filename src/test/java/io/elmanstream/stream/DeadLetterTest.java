package io.elmanstream.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.elmanstream.config.AppConfig;
import io.elmanstream.records.DeadLetterCodec;
import io.elmanstream.records.Event;
import io.elmanstream.records.EventCodec;
import io.elmanstream.records.Utf8Text;
import io.elmanstream.testsupport.RandomRecords;
import io.elmanstream.testsupport.TestModels;
import io.elmanstream.testsupport.TopologyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of bad event becomes exactly one bounded dead letter with its reason; processing goes on. */
class DeadLetterTest {
    static final int LIMIT = 256;
    static final int DEAD_LETTER_BYTES = 100;
    static final int KEY_LIMIT = 64;

    @TempDir
    Path dir;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Stream<Arguments> badEvents() {
        byte[] invalidUtf8 = {'{', '"', 'm', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        String good = "{\"model\":\"xor\",\"symbol\":\"1\"}";
        return Stream.of(
                Arguments.of("not JSON", utf8("k"), utf8("this is not json"), "parse", "not valid JSON"),
                Arguments.of("JSON that is not an object", utf8("k"), utf8("[1,2,3]"), "parse", "not a JSON object"),
                Arguments.of("missing symbol", utf8("k"), utf8("{\"model\":\"xor\"}"), "parse", "'symbol' is missing"),
                Arguments.of("missing model", utf8("k"), utf8("{\"symbol\":\"1\"}"), "parse", "'model' is missing"),
                Arguments.of("symbol not in the vocabulary", utf8("k"), utf8("{\"model\":\"xor\",\"symbol\":\"7\"}"), "validate", "symbol '7' is not in the vocabulary"),
                Arguments.of("more than one symbol", utf8("k"), utf8("{\"model\":\"hello\",\"symbol\":\"he\"}"), "validate", "more than one symbol"),
                Arguments.of("more than one bit", utf8("k"), utf8("{\"model\":\"xor\",\"symbol\":\"1 0\"}"), "validate", "more than one symbol"),
                Arguments.of("unknown model", utf8("k"), utf8("{\"model\":\"nope\",\"symbol\":\"1\"}"), "model-missing", "no model named 'nope'"),
                Arguments.of("null key", null, utf8(good), "validate", "null key"),
                Arguments.of("key not UTF-8", new byte[]{'k', (byte) 0xFF}, utf8(good), "validate", "key is not valid UTF-8"),
                Arguments.of("key over the key limit", utf8("k".repeat(KEY_LIMIT + 1)), utf8(good), "validate",
                        "key of " + (KEY_LIMIT + 1) + " bytes exceeds the limit of " + KEY_LIMIT + " (elman.max.key.bytes)"),
                Arguments.of("null value", utf8("k"), null, "parse", "null value"),
                Arguments.of("empty value", utf8("k"), new byte[0], "parse", "empty value"),
                Arguments.of("value over the size limit", utf8("k"), utf8("{\"model\":\"xor\",\"symbol\":\"1\",\"pad\":\"" + "x".repeat(LIMIT) + "\"}"), "parse", "exceeds the limit of " + LIMIT),
                Arguments.of("invalid UTF-8", utf8("k"), invalidUtf8, "parse", "not valid UTF-8"),
                Arguments.of("target outside the vocabulary", utf8("k"), utf8("{\"model\":\"xor\",\"symbol\":\"1\",\"target\":\"2\"}"), "validate", "target '2' is not in the vocabulary"),
                Arguments.of("target of the wrong type", utf8("k"), utf8("{\"model\":\"xor\",\"symbol\":\"1\",\"target\":1}"), "parse", "'target' must be a string"),
                Arguments.of("target with several symbols", utf8("k"), utf8("{\"model\":\"xor\",\"symbol\":\"1\",\"target\":\"0 1\"}"), "validate", "field 'target' holds more than one symbol"),
                Arguments.of("symbol of the wrong type", utf8("k"), utf8("{\"model\":\"xor\",\"symbol\":1}"), "parse", "'symbol' must be a string"),
                Arguments.of("reset of the wrong type", utf8("k"), utf8("{\"model\":\"xor\",\"symbol\":\"1\",\"reset\":\"yes\"}"), "parse", "'reset' must be true or false"),
                Arguments.of("model of the wrong type", utf8("k"), utf8("{\"model\":[\"xor\"],\"symbol\":\"1\"}"), "parse", "'model' must be a string"),
                Arguments.of("trailing data after the object", utf8("k"), utf8(good + " {}"), "parse", "trailing data after the JSON object"),
                Arguments.of("trailing garbage", utf8("k"), utf8(good + " extra"), "parse", "not valid JSON"));
    }

    static TopologyFixture fixture(Path dir) {
        return fixture(dir, StreamsSettings.DEFAULT_MAX_REQUEST_BYTES);
    }

    static TopologyFixture fixture(Path dir, int maxOutputBytes) {
        return fixture(dir, new ClusterFacts(maxOutputBytes, 1));
    }

    static TopologyFixture fixture(Path dir, ClusterFacts facts) {
        AppConfig c = AppConfig.builder().dataDir(dir).maxEventBytes(LIMIT).maxKeyBytes(KEY_LIMIT).deadLetterMaxBytes(DEAD_LETTER_BYTES).build();
        TopologyFixture f = new TopologyFixture(dir, c, facts);
        f.publish(TestModels.xor(1, 1));
        f.publish(TestModels.hello(1, 1));
        return f;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEvents")
    void badEventBecomesOneDeadLetterAndProcessingContinues(String label, byte[] key, byte[] value, String stage, String reason) {
        try (TopologyFixture f = fixture(dir)) {
            f.rawEvents.pipeInput(key, value);
            f.send("good", new Event("xor", "1", null, false));
            List<JsonNode> dead = f.readDeadLetters();
            assertEquals(1, dead.size(), label);
            JsonNode d = dead.get(0);
            assertEquals(stage, d.get("stage").asText(), label);
            assertTrue(d.get("error").asText().contains(reason), label + ": " + d.get("error").asText());
            assertEquals(f.topics.events().name(), d.get("topic").asText());
            assertEquals(0, d.get("offset").asLong());
            assertEquals(0, d.get("partition").asInt());
            assertRaw(d, "key", key);
            assertRaw(d, "value", value);
            List<JsonNode> predictions = f.readPredictions();
            assertEquals(1, predictions.size(), "the next good event is still processed");
            assertEquals("good", predictions.get(0).get("key").asText());
        }
    }

    /** A raw field as received: null, text (and no base64) when UTF-8, base64 (and no text) otherwise; cut with its length and hash. */
    static void assertRaw(JsonNode d, String field, byte[] raw) {
        if (raw == null) {
            assertTrue(d.get(field).isNull(), field + " is null");
            assertFalse(d.has(field + "Base64"));
            return;
        }
        int kept;
        if (Utf8Text.isValid(raw)) {
            assertFalse(d.has(field + "Base64"), field + " is UTF-8: no base64");
            byte[] text = utf8(d.get(field).asText());
            kept = text.length;
            assertTrue(Arrays.equals(text, Arrays.copyOf(raw, kept)), field + " is a prefix of the original");
        } else {
            assertFalse(d.has(field), field + " is not UTF-8: no text");
            byte[] decoded = Base64.getDecoder().decode(d.get(field + "Base64").asText());
            kept = decoded.length;
            assertTrue(Arrays.equals(decoded, Arrays.copyOf(raw, kept)), field + " is a prefix of the original");
        }
        assertTrue(kept <= DEAD_LETTER_BYTES, field + " keeps at most the bound");
        if (kept < raw.length) {
            assertTrue(d.get(field + "Truncated").asBoolean());
            assertEquals(raw.length, d.get(field + "Bytes").asInt());
            assertEquals(DeadLetterCodec.sha256(raw), d.get(field + "Sha256").asText());
            assertTrue(raw.length - kept < 4 || kept == DEAD_LETTER_BYTES, "cut at the bound, or just before a character that crosses it");
        } else {
            assertEquals(raw.length, kept);
            assertFalse(d.has(field + "Truncated"));
            assertFalse(d.has(field + "Sha256"));
        }
    }

    @Test
    void aRecordOfAnySizeGivesABoundedDeadLetter() {
        try (TopologyFixture f = fixture(dir)) {
            byte[] hugeText = utf8("é".repeat(400_000));                // 800 kB of 2-byte characters
            byte[] hugeBinary = new byte[900_000];
            new Random(3).nextBytes(hugeBinary);
            hugeBinary[0] = (byte) 0xFF;                                  // surely not UTF-8
            byte[] hugeKey = utf8("k".repeat(600_000));
            f.rawEvents.pipeInput(utf8("a"), hugeText);
            f.rawEvents.pipeInput(utf8("b"), hugeBinary);
            f.rawEvents.pipeInput(hugeKey, utf8("{\"model\":\"xor\",\"symbol\":\"1\"}"));
            var letters = f.deadLetters.readRecordsToList();
            assertEquals(3, letters.size());
            int bound = DeadLetterCodec.maxSize(DEAD_LETTER_BYTES) + KEY_LIMIT;
            for (var r : letters) {
                int size = r.value().length + (r.key() == null ? 0 : utf8(r.key()).length);
                assertTrue(size <= bound, size + " <= " + bound);
            }
            JsonNode text = read(letters.get(0).value());
            assertRaw(text, "value", hugeText);
            assertTrue(text.get("valueTruncated").asBoolean());
            assertEquals(DEAD_LETTER_BYTES, utf8(text.get("value").asText()).length, "an even cut: 50 two-byte characters");
            assertRaw(read(letters.get(1).value()), "value", hugeBinary);
            JsonNode key = read(letters.get(2).value());
            assertRaw(key, "key", hugeKey);
            assertNull(letters.get(2).key(), "a key over the key limit is not the dead letter's record key");
            assertEquals("a", letters.get(0).key(), "a key within the limit is");
        }
    }

    @Test
    void theErrorTextIsBounded() {
        String model = "m".repeat(200);                                   // an unknown model name echoed in the error
        AppConfig c = AppConfig.builder().dataDir(dir).build();
        try (TopologyFixture f = new TopologyFixture(dir, c)) {
            f.send("k", new Event(model.repeat(10), "1", null, false));
            JsonNode d = f.readDeadLetters().get(0);
            String error = d.get("error").asText();
            assertTrue(error.startsWith("no model named 'mmm"));
            assertTrue(error.length() <= DeadLetterCodec.MAX_ERROR_CHARS + 40, "bounded: " + error.length());
            assertTrue(error.endsWith("(" + ("no model named '" + model.repeat(10) + "' is serving yet").length() + " characters)"));
        }
    }

    @Test
    void aPredictionLargerThanTheOutputLimitBecomesADeadLetter() {
        try (TopologyFixture f = fixture(dir, 200)) {
            String longKey = "k".repeat(KEY_LIMIT);                        // within the key limit; its prediction is not
            f.send(longKey, new Event("xor", "1", null, false));
            f.send("s", new Event("xor", "1", null, false));
            List<JsonNode> dead = f.readDeadLetters();
            assertEquals(1, dead.size());
            assertEquals("output", dead.get(0).get("stage").asText());
            assertTrue(dead.get(0).get("error").asText().contains("exceeds the 200 bytes the producer and the predictions topic accept"));
            List<JsonNode> predictions = f.readPredictions();
            assertEquals(1, predictions.size());
            assertEquals("s", predictions.get(0).get("key").asText());
        }
    }

    /** After the broker refused an output (OutputFailureHandler's note), the replayed event gives a dead letter, or nothing. */
    @Test
    void aReplayedEventWhoseOutputWasRefusedBecomesADeadLetterThenIsSkipped() throws Exception {
        Event e = new Event("xor", "1", null, false);
        byte[] prediction;
        try (TopologyFixture first = fixture(dir.resolve("a"))) {
            first.send("k", e);
            prediction = first.readPredictionBytes().get(0);
        }
        try (TopologyFixture f = fixture(dir.resolve("b"))) {
            f.refused.note(prediction, "output to elman.predictions refused: RecordTooLargeException: too big");
            f.send("k", e);
            assertTrue(f.readPredictions().isEmpty());
            var letters = f.deadLetters.readValuesToList();
            assertEquals(1, letters.size());
            JsonNode d = read(letters.get(0));
            assertEquals("output", d.get("stage").asText());
            assertEquals("output to elman.predictions refused: RecordTooLargeException: too big", d.get("error").asText());
            assertEquals(0, d.get("offset").asLong());

            // the same event at the same offset in a fresh replay, with its dead letter refused too: skipped, logged
            try (TopologyFixture g = fixture(dir.resolve("c"))) {
                g.refused.note(prediction, "refused");
                g.refused.note(DeadLetterCodec.toJson(g.topics.events().name(), 0, 0, utf8("k"), EventCodec.toJson(e), "output",
                        "refused", DEAD_LETTER_BYTES), "refused again");
                g.send("k", e);
                g.send("k2", e);
                assertTrue(g.readDeadLetters().isEmpty(), "a refused dead letter is skipped");
                List<JsonNode> p = g.readPredictions();
                assertEquals(1, p.size(), "and the next event is processed");
                assertEquals("k2", p.get(0).get("key").asText());
            }
        }
    }

    private static JsonNode read(byte[] v) {
        try {
            return TopologyFixture.JSON.readTree(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- property: seeded random records never escape the topology -------------------------

    @Test
    void anyRecordEndsAsExactlyOnePredictionOrOneDeadLetter() {
        long seed = Long.getLong("deadletter.seed", System.nanoTime());
        Random rnd = new Random(seed);
        try (TopologyFixture f = fixture(dir)) {
            int predictions = 0, dead = 0;
            for (int i = 0; i < 500; i++) {
                byte[] key = RandomRecords.key(rnd, KEY_LIMIT + 8);
                byte[] value = RandomRecords.value(rnd, LIMIT + 16);
                f.rawEvents.pipeInput(key, value);
                var out = f.readPredictions();
                int p = out.size(), d = f.readDeadLetters().size();
                assertEquals(1, p + d, "seed " + seed + " (-Ddeadletter.seed=" + seed + "), record " + i);
                // the key is copied into the prediction's JSON as bytes: it must read back as the key
                if (p == 1) assertEquals(new String(key, StandardCharsets.UTF_8), out.get(0).get("key").asText(), "seed " + seed + ", record " + i);
                predictions += p;
                dead += d;
            }
            assertTrue(predictions > 20 && dead > 20, "both outcomes exercised (seed " + seed + "): " + predictions + " predictions, " + dead + " dead letters");
        }
    }
}
