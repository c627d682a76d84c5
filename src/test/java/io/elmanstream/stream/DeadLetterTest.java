package io.elmanstream.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.elmanstream.config.AppConfig;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of bad event becomes exactly one dead letter with its reason; processing goes on. */
class DeadLetterTest {
    static final int LIMIT = 256;

    @TempDir
    Path dir;

    static Stream<Arguments> badEvents() {
        byte[] invalidUtf8 = {'{', '"', 'm', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        return Stream.of(
                Arguments.of("not JSON", "k", "this is not json".getBytes(), "parse", "not valid JSON"),
                Arguments.of("JSON that is not an object", "k", "[1,2,3]".getBytes(), "parse", "not a JSON object"),
                Arguments.of("missing symbol", "k", "{\"model\":\"xor\"}".getBytes(), "parse", "'symbol' is missing"),
                Arguments.of("missing model", "k", "{\"symbol\":\"1\"}".getBytes(), "parse", "'model' is missing"),
                Arguments.of("symbol not in the vocabulary", "k", "{\"model\":\"xor\",\"symbol\":\"7\"}".getBytes(), "validate", "symbol '7' is not in the vocabulary"),
                Arguments.of("more than one symbol", "k", "{\"model\":\"hello\",\"symbol\":\"he\"}".getBytes(), "validate", "more than one symbol"),
                Arguments.of("more than one bit", "k", "{\"model\":\"xor\",\"symbol\":\"1 0\"}".getBytes(), "validate", "more than one symbol"),
                Arguments.of("unknown model", "k", "{\"model\":\"nope\",\"symbol\":\"1\"}".getBytes(), "model-missing", "no model named 'nope'"),
                Arguments.of("null key", null, "{\"model\":\"xor\",\"symbol\":\"1\"}".getBytes(), "validate", "null key"),
                Arguments.of("null value", "k", null, "parse", "null value"),
                Arguments.of("empty value", "k", new byte[0], "parse", "empty value"),
                Arguments.of("value over the size limit", "k", ("{\"model\":\"xor\",\"symbol\":\"1\",\"pad\":\"" + "x".repeat(LIMIT) + "\"}").getBytes(), "parse", "exceeds the limit of " + LIMIT),
                Arguments.of("invalid UTF-8", "k", invalidUtf8, "parse", "not valid UTF-8"),
                Arguments.of("target outside the vocabulary", "k", "{\"model\":\"xor\",\"symbol\":\"1\",\"target\":\"2\"}".getBytes(), "validate", "target '2' is not in the vocabulary"),
                Arguments.of("symbol of the wrong type", "k", "{\"model\":\"xor\",\"symbol\":1}".getBytes(), "parse", "'symbol' must be a string"),
                Arguments.of("reset of the wrong type", "k", "{\"model\":\"xor\",\"symbol\":\"1\",\"reset\":\"yes\"}".getBytes(), "parse", "'reset' must be true or false"),
                Arguments.of("model of the wrong type", "k", "{\"model\":[\"xor\"],\"symbol\":\"1\"}".getBytes(), "parse", "'model' must be a string"),
                Arguments.of("trailing garbage", "k", "{\"model\":\"xor\",\"symbol\":\"1\"} extra".getBytes(), "parse", "not valid JSON"));
    }

    static TopologyFixture fixture(Path dir) {
        AppConfig c = AppConfig.builder().dataDir(dir).maxEventBytes(LIMIT).build();
        TopologyFixture f = new TopologyFixture(dir, c);
        f.publish(TestModels.xor(1, 1));
        f.publish(TestModels.hello(1, 1));
        return f;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEvents")
    void badEventBecomesOneDeadLetterAndProcessingContinues(String label, String key, byte[] value, String stage, String reason) {
        try (TopologyFixture f = fixture(dir)) {
            f.events.pipeInput(key, value);
            f.send("good", new Event("xor", "1", null, false));
            List<JsonNode> dead = f.readDeadLetters();
            assertEquals(1, dead.size(), label);
            JsonNode d = dead.get(0);
            assertEquals(stage, d.get("stage").asText(), label);
            assertTrue(d.get("error").asText().contains(reason), label + ": " + d.get("error").asText());
            assertEquals(f.topics.events().name(), d.get("topic").asText());
            assertEquals(0, d.get("offset").asLong());
            assertTrue(d.has("partition"));
            if (key == null) assertTrue(d.get("key").isNull());
            else assertEquals(key, d.get("key").asText());
            if (value == null) assertTrue(d.get("value").isNull());
            else if (d.has("valueBase64")) assertEquals(Base64.getEncoder().encodeToString(value), d.get("valueBase64").asText());
            else assertEquals(new String(value, StandardCharsets.UTF_8), d.get("value").asText());
            List<JsonNode> predictions = f.readPredictions();
            assertEquals(1, predictions.size(), "the next good event is still processed");
            assertEquals("good", predictions.get(0).get("key").asText());
        }
    }

    // ---- property: random bytes and random JSON never escape the topology -------------------

    private TopologyFixture shared;

    private TopologyFixture shared() throws Exception {
        if (shared == null) shared = fixture(Files.createTempDirectory("elman-prop"));
        return shared;
    }

    @AfterProperty
    void closeShared() {
        if (shared != null) shared.close();
        shared = null;
    }

    @Property(tries = 300)
    void anyRecordEndsAsExactlyOnePredictionOrOneDeadLetter(@ForAll("records") byte[] value, @ForAll("keys") String key) throws Exception {
        TopologyFixture f = shared();
        f.events.pipeInput(key, value);
        int out = f.readPredictions().size() + f.readDeadLetters().size();
        assertEquals(1, out);
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(8), Arbitraries.just(null));
    }

    @Provide
    Arbitrary<byte[]> records() {
        Arbitrary<String> models = Arbitraries.of("xor", "hello", "nope", "", "x\u0000");
        Arbitrary<String> symbols = Arbitraries.oneOf(Arbitraries.of("0", "1", "h", "e", "l", "o", "he", "1 0", "", "\uD83D\uDE00"),
                Arbitraries.strings().ofMaxLength(3));
        Arbitrary<String> json = net.jqwik.api.Combinators.combine(models, symbols, symbols, Arbitraries.of("true", "false", "1", "null", "\"x\""))
                .as((m, s, t, r) -> "{\"model\":\"" + escape(m) + "\",\"symbol\":\"" + escape(s) + "\",\"target\":\"" + escape(t) + "\",\"reset\":" + r + "}");
        Arbitrary<String> wrongTypes = Arbitraries.of("{\"model\":1,\"symbol\":\"1\"}", "{\"model\":\"xor\",\"symbol\":{}}", "null", "1", "\"s\"",
                "{\"model\":\"xor\",\"symbol\":\"1\",\"target\":[]}", "{", "}", "{\"model\":\"xor\",\"symbol\":\"1\",\"model\":\"hello\"}");
        return Arbitraries.oneOf(
                json.map(s -> s.getBytes(StandardCharsets.UTF_8)),
                wrongTypes.map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(LIMIT + 16),
                Arbitraries.just(null));
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\u0000", "\\u0000");
    }
}
