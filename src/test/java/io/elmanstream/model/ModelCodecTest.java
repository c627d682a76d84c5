package io.elmanstream.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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

    /** The half-state precision travels in the document by its name too. */
    @Test
    void theHalfStatePrecisionTravelsWithTheModel() throws Exception {
        Model old = ModelCodec.fromBytes(fixture("hello-format1.json"));
        NetShape shape = old.net().shape().withPrecision(Precision.FLOAT32_HALF_STATE);
        Model m = new Model(old.name(), 2, old.task(), old.objective(), old.vocabulary(), new ElmanNet(shape, old.net().params()), old.report());
        byte[] doc = ModelCodec.toBytes(m, false);
        assertTrue(new String(doc, StandardCharsets.UTF_8).contains("\"precision\":\"float32-half-state\""));
        assertEquals(Precision.FLOAT32_HALF_STATE, ModelCodec.fromBytes(doc).net().shape().precision());
    }

    /** A float32 state belongs to the model: it travels in the document, and the serving step keeps every unit a float. */
    @Test
    void theHiddenPrecisionTravelsWithTheModelAndBindsTheServingStep() throws Exception {
        Model old = ModelCodec.fromBytes(fixture("hello-format1.json"));
        assertEquals(Precision.FLOAT64, old.net().shape().precision(), "documents from before the field: double");
        NetShape shape = old.net().shape().withPrecision(Precision.FLOAT32);
        Model m = new Model(old.name(), 2, old.task(), old.objective(), old.vocabulary(), new ElmanNet(shape, old.net().params()), old.report());
        byte[] doc = ModelCodec.toBytes(m, false);
        assertTrue(new String(doc, StandardCharsets.UTF_8).contains("\"precision\":\"float32\""));
        Model back = ModelCodec.fromBytes(doc);
        assertEquals(Precision.FLOAT32, back.net().shape().precision());
        double[] h = new double[shape.numHid()];
        double[] next = new double[shape.numHid()];
        double[] out = new double[shape.numOut()];
        double[] exact = new double[shape.numHid()];
        double[] exactNext = new double[shape.numHid()];
        double[] exactOut = new double[shape.numOut()];
        boolean rounded = false;
        for (int t = 0; t < 20; t++) {
            back.net().step(h, t % 4, next, out);
            old.net().step(exact, t % 4, exactNext, exactOut);
            for (int j = 0; j < h.length; j++) {
                assertEquals(next[j], (float) next[j], 0.0, "a float32 state holds floats");
                assertEquals(exactNext[j], next[j], 1e-6, "and differs from the double state by rounding only");
                rounded |= next[j] != exactNext[j];
            }
            for (int j = 0; j < out.length; j++) assertEquals(exactOut[j], out[j], 1e-6);
            System.arraycopy(next, 0, h, 0, h.length);
            System.arraycopy(exactNext, 0, exact, 0, h.length);
        }
        assertTrue(rounded, "the double state is not all floats: the test would not see a difference");
        ObjectNode bad = (ObjectNode) JSON.readTree(doc);
        bad.put("precision", "float16");
        var e = assertThrows(ModelFormatException.class, () -> ModelCodec.fromBytes(JSON.writeValueAsBytes(bad)));
        assertTrue(e.getMessage().contains("float16"), e.getMessage());
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
                Arguments.of("infinite weight", (Consumer<ObjectNode>) r -> ((ArrayNode) r.get("theta2").get(1)).set(0, JSON.getNodeFactory().numberNode(new BigDecimal("1e999"))), "theta2[1][0] is not finite"),
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
