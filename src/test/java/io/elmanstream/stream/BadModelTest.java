package io.elmanstream.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.TopicCatalog;
import io.elmanstream.model.Model;
import io.elmanstream.model.ModelCodec;
import io.elmanstream.records.Event;
import io.elmanstream.testsupport.TestModels;
import io.elmanstream.testsupport.TopologyFixture;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each kind of bad model document is refused by the serving side (the previous version keeps
 * serving) and dead-lettered once by the audit topology.
 */
class BadModelTest {
    static Model v1;

    @TempDir
    Path dir;

    @BeforeAll
    static void model() {
        v1 = TestModels.xor(1, 1);
    }

    static byte[] damaged(Function<ObjectNode, ObjectNode> change) {
        try {
            ObjectNode doc = (ObjectNode) TopologyFixture.JSON.readTree(ModelCodec.toBytes(v1.withVersion(2), false));
            return TopologyFixture.JSON.writeValueAsBytes(change.apply(doc));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> badModels() {
        return Stream.of(
                Arguments.of("not JSON", "not json".getBytes(), "not JSON"),
                Arguments.of("wrong shapes", damaged(d -> { ((ArrayNode) d.get("theta1")).remove(0); return d; }), "theta1 must have"),
                Arguments.of("NaN weight", damaged(d -> { ((ArrayNode) d.get("theta2").get(0)).set(0, d.textNode("NaN")); return d; }), "theta2[0][0] is not a number"),
                Arguments.of("infinite weight", damaged(d -> { ((ArrayNode) d.get("theta2").get(0)).set(0, d.numberNode(new BigDecimal("1e400"))); return d; }), "not finite"),
                Arguments.of("absurd size", damaged(d -> { ((ObjectNode) d.get("sizes")).put("hidden", 2_000_000_000); return d; }), "'hidden' must be between"),
                Arguments.of("absurd weight count", damaged(d -> { ((ObjectNode) d.get("sizes")).put("hidden", 4096).put("output", 4096); return d; }),
                        "model has 33566720 weights, more than " + ModelCodec.MAX_PARAMS),
                Arguments.of("unknown activation", damaged(d -> { ((ObjectNode) d.get("activations")).put("output", "relu"); return d; }), "unknown activation"),
                Arguments.of("empty vocabulary", damaged(d -> { d.putArray("vocabulary"); return d; }), "vocabulary is empty"),
                Arguments.of("version not newer", ModelCodec.toBytes(TestModels.xor(2, 1), false), "not newer than the serving version 1"),
                Arguments.of("tombstone", null, "a tombstone (null value) cannot remove a model"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badModels")
    void refusedByTheServingSideAndThePreviousVersionKeepsServing(String label, byte[] doc, String reason) {
        try (TopologyFixture f = new TopologyFixture(dir)) {
            f.publish(v1);
            f.models.pipeInput("xor", doc);
            assertEquals(1, f.registry.get("xor").version(), label);
            f.send("k", new Event("xor", "1", null, false));
            List<JsonNode> out = f.readPredictions();
            assertEquals(1, out.size());
            assertEquals(1, out.get(0).get("modelVersion").asLong());
        }
    }

    /** The model-audit topology in a TopologyTestDriver. */
    private TopologyTestDriver auditDriver(TopicCatalog topics) {
        var config = AppConfig.builder().dataDir(dir).build();
        var props = StreamsSettings.of(config, "unused:9092", topics, new RefusedOutputs());
        props.put("state.dir", dir.toString());
        return new TopologyTestDriver(ElmanTopology.audit(config, topics), props);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badModels")
    void deadLetteredOnceWithTheReason(String label, byte[] doc, String reason) {
        TopicCatalog topics = TopicCatalog.load();
        try (var driver = auditDriver(topics)) {
            var models = driver.createInputTopic(topics.models().name(), new StringSerializer(), new ByteArraySerializer());
            var dead = driver.createOutputTopic(topics.deadLetter().name(), new StringDeserializer(), new ByteArrayDeserializer());
            models.pipeInput("xor", ModelCodec.toBytes(v1, false));
            assertTrue(dead.isEmpty(), "a good model is not dead-lettered");
            models.pipeInput("xor", doc);
            List<byte[]> letters = dead.readValuesToList();
            assertEquals(1, letters.size(), label);
            JsonNode d = TopologyFixture.JSON.readTree(letters.get(0));
            assertEquals("model", d.get("stage").asText());
            assertEquals(topics.models().name(), d.get("topic").asText());
            assertEquals(1, d.get("offset").asLong());
            assertTrue(d.get("error").asText().contains(reason), label + ": " + d.get("error").asText());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** After a refusal the audit publishes the accepted document again (compaction keeps a good newest record); an identical copy is passed over. */
    @Test
    void theAcceptedDocumentIsPublishedAgainAfterARefusalAndItsCopyIsPassedOver() throws Exception {
        TopicCatalog topics = TopicCatalog.load();
        try (var driver = auditDriver(topics)) {
            var models = driver.createInputTopic(topics.models().name(), new StringSerializer(), new ByteArraySerializer());
            var dead = driver.createOutputTopic(topics.deadLetter().name(), new StringDeserializer(), new ByteArrayDeserializer());
            var again = driver.createOutputTopic(topics.models().name(), new StringDeserializer(), new ByteArrayDeserializer());
            byte[] good = ModelCodec.toBytes(v1, false);
            models.pipeInput("xor", good);
            models.pipeInput("xor", good);                         // the same document again: nothing to say
            assertTrue(dead.isEmpty());
            models.pipeInput("xor", "junk".getBytes());
            assertEquals(1, dead.readValuesToList().size());
            var republished = again.readKeyValuesToList().stream().filter(kv -> kv.value != null && Arrays.equals(good, kv.value)).toList();
            assertTrue(republished.size() >= 1, "the accepted v1 follows the junk in elman.models");
            assertEquals("xor", republished.get(republished.size() - 1).key);
            assertTrue(dead.isEmpty(), "its re-publication is not refused in turn");
        }
    }
}
