package io.elmanstream.train;

import io.elmanstream.model.Activation;
import io.elmanstream.model.InputEncoding;
import io.elmanstream.model.NetShape;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A step's groups: stream s in group s % groups, the float groups reading one shared rounding of
 * the weights, the gradients summed in group order. Each case is compared bit for bit with the
 * groups computed one by one, each with weights of its own.
 */
class GroupedGradientTest {
    private static final NetShape SHAPE = new NetShape(11, 19, 11, InputEncoding.ONE_HOT, Activation.TANH, Activation.SOFTMAX);
    private static final int STREAMS = 36; // four groups of 9
    private static final int LEN = 7;
    private final Random rnd = new Random(3);
    private final int[] x = new int[STREAMS * 10];
    private final int[] y = new int[x.length];
    private final int[] starts = new int[STREAMS];
    private final double[] w = new double[SHAPE.paramCount()];
    private final double[][] start = new double[STREAMS][SHAPE.numHid()];

    GroupedGradientTest() {
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextInt(11);
            y[i] = rnd.nextInt(11);
        }
        for (int s = 0; s < STREAMS; s++) starts[s] = s * 10 + rnd.nextInt(3);
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextGaussian() * 0.2;
        for (double[] h : start) for (int j = 0; j < h.length; j++) h[j] = rnd.nextGaussian() * 0.3;
    }

    @Test
    void groupsAreAFixedNumberOfWholeRowBlocks() {
        assertEquals(1, GroupedGradient.groups(4));
        assertEquals(1, GroupedGradient.groups(8));
        assertEquals(2, GroupedGradient.groups(16));
        assertEquals(4, GroupedGradient.groups(32), "the trainer's 32 streams: four groups of 8");
        assertEquals(8, GroupedGradient.groups(1000), "at most 8 groups, whatever the cores");
    }

    @Test
    void floatGroupsShareOneRoundingAndSumInGroupOrder() {
        for (double dropout : new double[]{0, 0.3}) {
            double[] expected = new double[w.length];
            double[][] expectedHidden = copy(start);
            double expectedLoss = 0;
            for (int g = 0; g < 4; g++) {
                FloatBatchGradient one = new FloatBatchGradient(SHAPE, 9, dropout, g + 1, new FloatWeights(SHAPE));
                one.load(w);
                double[] part = new double[w.length];
                expectedLoss += one.accumulate(x, y, slice(starts, g), LEN, slice(expectedHidden, g), 1e-2, part);
                add(expected, part);
            }
            GroupedGradient grouped = new GroupedGradient(SHAPE, STREAMS, Arithmetic.FLOAT32, dropout);
            grouped.load(w);
            double[] grad = new double[w.length];
            Arrays.fill(grad, 7); // overwritten, not added to
            double[][] hidden = copy(start);
            assertEquals(expectedLoss, grouped.gradient(x, y, starts, LEN, hidden, 1e-2, grad), 0, "dropout " + dropout);
            assertArrayEquals(expected, grad, 0, "dropout " + dropout);
            for (int s = 0; s < STREAMS; s++) assertArrayEquals(expectedHidden[s], hidden[s], 0, "stream " + s + "'s context carried");
        }
    }

    @Test
    void doubleGroupsMatchTheirParts() {
        double[] expected = new double[w.length];
        double[][] expectedHidden = copy(start);
        double expectedLoss = 0;
        for (int g = 0; g < 4; g++) {
            BatchGradient one = new BatchGradient(SHAPE, 9);
            one.load(w);
            double[] part = new double[w.length];
            expectedLoss += one.accumulate(x, y, slice(starts, g), LEN, slice(expectedHidden, g), 1e-2, part);
            add(expected, part);
        }
        GroupedGradient grouped = new GroupedGradient(SHAPE, STREAMS, Arithmetic.FLOAT64, 0);
        grouped.load(w);
        double[] grad = new double[w.length];
        assertEquals(expectedLoss, grouped.gradient(x, y, starts, LEN, copy(start), 1e-2, grad), 0);
        assertArrayEquals(expected, grad, 0);
    }

    @Test
    void theLossAloneIsTheGradientsLossAndFollowsTheLoadedWeights() {
        GroupedGradient grouped = new GroupedGradient(SHAPE, STREAMS, Arithmetic.FLOAT32, 0);
        grouped.load(w);
        double trained = grouped.gradient(x, y, starts, LEN, copy(start), 1, new double[w.length]);
        assertEquals(trained, grouped.loss(x, y, starts, LEN, copy(start)), 0);
        double[] other = w.clone();
        for (int i = 0; i < other.length; i++) other[i] *= -1;
        grouped.load(other);
        assertTrue(Math.abs(grouped.loss(x, y, starts, LEN, copy(start)) - trained) > 1e-3, "the new weights are read");
    }

    @Test
    void refusesWhatItCannotCompute() {
        assertThrows(IllegalArgumentException.class, () -> new GroupedGradient(SHAPE, STREAMS, Arithmetic.FLOAT64, 0.2), "dropout in float64");
        GroupedGradient grouped = new GroupedGradient(SHAPE, STREAMS, Arithmetic.FLOAT32, 0);
        grouped.load(w);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> grouped.loss(x, y, Arrays.copyOf(starts, STREAMS - 1), LEN, copy(start)));
        assertEquals("expected 36 streams, got 35 starts and 36 contexts", e.getMessage());
    }

    /** Group g's streams: g, g + 4, g + 8, ... */
    private static int[] slice(int[] all, int g) {
        int[] part = new int[all.length / 4];
        for (int i = 0; i < part.length; i++) part[i] = all[g + 4 * i];
        return part;
    }

    private static double[][] slice(double[][] all, int g) {
        double[][] part = new double[all.length / 4][];
        for (int i = 0; i < part.length; i++) part[i] = all[g + 4 * i];
        return part;
    }

    private static double[][] copy(double[][] m) {
        return Arrays.stream(m).map(double[]::clone).toArray(double[][]::new);
    }

    private static void add(double[] sum, double[] part) {
        for (int i = 0; i < sum.length; i++) sum[i] += part[i];
    }
}
