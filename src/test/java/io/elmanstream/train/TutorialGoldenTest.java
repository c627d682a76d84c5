package io.elmanstream.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.elmanstream.model.Activation;
import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.InputEncoding;
import io.elmanstream.model.NetShape;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our net against an independent implementation: golden values computed by the tutorial's own numpy
 * code (shared/data/tutorial-golden.json, copied to the test resources) on the xor weights the
 * tutorial prints. Forward pass, the tutorial's cost, its one-step gradient and the data of its
 * cost-landscape figure, each to 1e-9 relative.
 */
class TutorialGoldenTest {
    private static final double REL = 1e-9;
    private static final NetShape XOR = new NetShape(1, 4, 1, InputEncoding.BIT, Activation.SIGMOID, Activation.SIGMOID);
    private static final JsonNode GOLDEN = load();

    private static JsonNode load() {
        try (InputStream in = TutorialGoldenTest.class.getResourceAsStream("/golden/tutorial-golden.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double[] doubles(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) v[i] = array.get(i).isNull() ? Double.NaN : array.get(i).asDouble();
        return v;
    }

    private static int[] bits(JsonNode array) {
        return Arrays.stream(doubles(array)).mapToInt(d -> (int) d).toArray();
    }

    private static double[] weights() {
        double[] w = doubles(GOLDEN.get("xor_weights_printed_by_the_tutorial"));
        assertEquals(XOR.paramCount(), w.length, "the tutorial's layout is ours: theta1 6 x 4, then theta2 5 x 1");
        return w;
    }

    private static void assertClose(double expected, double actual, String what) {
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), what + ": NaN in the tutorial, " + actual + " here");
            return;
        }
        double tolerance = expected == 0 ? 1e-300 : Math.abs(expected) * REL;
        assertEquals(expected, actual, tolerance, what);
    }

    @Test
    void forwardPassEqualsTheTutorials() {
        ElmanNet net = new ElmanNet(XOR, weights());
        var streams = GOLDEN.get("runForward");
        assertEquals(5, streams.size());
        streams.fields().forEachRemaining(e -> {
            int[] x = e.getKey().contains(" ")
                    ? Arrays.stream(e.getKey().split(" ")).mapToInt(Integer::parseInt).toArray()
                    : e.getKey().chars().map(c -> c - '0').toArray();
            double[] expected = doubles(e.getValue());
            double[][] out = net.run(x);
            assertEquals(expected.length, out.length);
            for (int t = 0; t < x.length; t++) assertClose(expected[t], out[t][0], e.getKey() + " step " + t);
        });
    }

    @Test
    void costAndOneStepGradientEqualTheTutorials() {
        JsonNode g = GOLDEN.get("tutorial_cost_on_its_5_bits");
        int[] x = bits(g.get("X"));
        int[] y = bits(g.get("Y"));
        ElmanNet net = new ElmanNet(XOR, weights());
        assertClose(g.get("J").asDouble(), TutorialCost.cost(net, x, y), "J");
        double[] expected = doubles(g.get("one_step_gradient"));
        double[] grad = TutorialCost.oneStepGradient(net, x, y);
        int nonZero = 0;
        for (int i = 0; i < expected.length; i++) {
            assertClose(expected[i], grad[i], "gradient " + i);
            if (expected[i] != 0) nonZero++;
        }
        assertTrue(nonZero > 10, "a gradient with substance: " + nonZero + " non-zero components");
    }

    @Test
    void costLandscapeEqualsTheTutorialsFigure() {
        JsonNode land = GOLDEN.get("landscape");
        int index = land.get("weight_index").asInt();
        double[] values = doubles(land.get("values"));
        double[] expected = doubles(land.get("tutorial_cost_J"));
        JsonNode g = GOLDEN.get("tutorial_cost_on_its_5_bits");
        int[] x = bits(g.get("X"));
        int[] y = bits(g.get("Y"));
        int nan = 0;
        for (int i = 0; i < values.length; i++) {
            double[] w = weights();
            w[index] = values[i];
            assertClose(expected[i], TutorialCost.cost(new ElmanNet(XOR, w), x, y), "J at weight " + index + " = " + values[i]);
            if (Double.isNaN(expected[i])) nan++;
        }
        assertEquals(100, values.length);
        assertTrue(nan < values.length, "finite points to compare");
    }
}
