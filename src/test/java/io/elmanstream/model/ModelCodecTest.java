package io.elmanstream.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static byte[] fixture(String name) throws Exception {
        try (InputStream in = ModelCodecTest.class.getResourceAsStream("/models/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void loadsTheFirstFormatVersionForever() throws Exception {
        Model xor = ModelCodec.fromBytes(fixture("xor-format1.json"));
        assertEquals("xor", xor.name());
        assertEquals(List.of("0", "1"), xor.vocabulary().symbols());
        assertEquals(InputEncoding.BIT, xor.net().shape().encoding());
        List<String> got = new Predictor(xor).run(xor.encode("1 0 0 1 1 0")).stream().map(Prediction::predicted).toList();
        assertEquals(List.of("1", "0", "1", "0", "1"), got.subList(1, 6));
        Model hello = ModelCodec.fromBytes(fixture("hello-format1.json"));
        assertEquals(List.of("o", "e", "h", "l"), hello.vocabulary().symbols());
        assertTrue(hello.report().passed());
    }

    @Test
    void roundTripKeepsEveryWeightAndField() throws Exception {
        Model m = ModelCodec.fromBytes(fixture("hello-format1.json"));
        Model back = ModelCodec.fromBytes(ModelCodec.toBytes(m.withVersion(7), false));
        assertEquals(7, back.version());
        assertArrayEquals(m.net().params(), back.net().params(), 0.0);
        assertEquals(m.report(), back.report());
        assertEquals(m.vocabulary(), back.vocabulary());
        assertEquals(m.net().shape(), back.net().shape());
    }

    @Test
    void tutorialLayoutIsRowsInputsContextBias() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(fixture("xor-format1.json"));
        assertEquals(1 + 4 + 1, root.get("theta1").size());
        assertEquals(4, root.get("theta1").get(0).size());
        assertEquals(4 + 1, root.get("theta2").size());
        assertEquals(1, root.get("theta2").get(0).size());
    }

    static Stream<Arguments> badDocuments() {
        return Stream.of(
                Arguments.of("not JSON", null, "not JSON"),
                Arguments.of("not an object", (Consumer<ObjectNode>) r -> { }, "JSON object"),
                Arguments.of("wrong theta1 rows", (Consumer<ObjectNode>) r -> ((ArrayNode) r.get("theta1")).remove(0), "theta1 must have 6 rows"),
                Arguments.of("wrong theta2 columns", (Consumer<ObjectNode>) r -> ((ArrayNode) r.get("theta2").get(0)).add(1.0), "theta2 row 0 must have 1 columns"),
                Arguments.of("NaN weight", (Consumer<ObjectNode>) r -> ((ArrayNode) r.get("theta1").get(0)).set(0, JSON.getNodeFactory().numberNode(Double.NaN)), "theta1[0][0] is not"),
                Arguments.of("infinite weight", (Consumer<ObjectNode>) r -> ((ArrayNode) r.get("theta2").get(1)).set(0, JSON.getNodeFactory().numberNode(new java.math.BigDecimal("1e999"))), "theta2[1][0] is not finite"),
                Arguments.of("string weight", (Consumer<ObjectNode>) r -> ((ArrayNode) r.get("theta1").get(0)).set(0, JSON.getNodeFactory().textNode("x")), "not a number"),
                Arguments.of("absurd size", (Consumer<ObjectNode>) r -> ((ObjectNode) r.get("sizes")).put("hidden", 2_000_000_000), "hidden"),
                Arguments.of("zero hidden", (Consumer<ObjectNode>) r -> ((ObjectNode) r.get("sizes")).put("hidden", 0), "hidden"),
                Arguments.of("unknown activation", (Consumer<ObjectNode>) r -> ((ObjectNode) r.get("activations")).put("hidden", "relu"), "unknown activation 'relu'"),
                Arguments.of("empty vocabulary", (Consumer<ObjectNode>) r -> r.putArray("vocabulary"), "vocabulary is empty"),
                Arguments.of("duplicate symbol", (Consumer<ObjectNode>) r -> r.putArray("vocabulary").add("1").add("1"), "appears twice"),
                Arguments.of("vocabulary does not fit inputs", (Consumer<ObjectNode>) r -> r.putArray("vocabulary").add("0").add("1").add("2"), "bit encoding needs"),
                Arguments.of("newer format", (Consumer<ObjectNode>) r -> r.put("format", 99), "newer"),
                Arguments.of("missing name", (Consumer<ObjectNode>) r -> r.remove("name"), "'name'"),
                Arguments.of("version zero", (Consumer<ObjectNode>) r -> r.put("version", 0), "version"),
                Arguments.of("unknown encoding", (Consumer<ObjectNode>) r -> r.put("encoding", "morse"), "unknown input encoding"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDocuments")
    void refusesABadDocumentWithOneLine(String label, Consumer<ObjectNode> damage, String expected) throws Exception {
        byte[] bytes;
        if (damage == null) bytes = "{not json".getBytes();
        else if (label.equals("not an object")) bytes = "[1,2]".getBytes();
        else {
            ObjectNode root = (ObjectNode) JSON.readTree(fixture("xor-format1.json"));
            damage.accept(root);
            bytes = JSON.writeValueAsBytes(root);
        }
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelCodec.fromBytes(bytes));
        assertTrue(e.getMessage().contains(expected), label + ": " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
