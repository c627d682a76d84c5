package io.elmanstream.train;

import io.elmanstream.model.Activation;
import io.elmanstream.model.InputEncoding;
import io.elmanstream.model.NetShape;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dropout in the float chunk gradient: the gradient it returns is the gradient of the loss with
 * its masks (central differences along random directions, the masks replayed from the same seed),
 * scoring never drops, and a different seed draws other masks. The differences agree to 2%, not
 * better: the float tanh is a rational approximation whose slope is not exactly 1 - tanh^2 (the
 * float64 gradient is exact, {@code GradientCheckTest}); without the dropout mask on the deltas,
 * or with the unmasked hidden rows in the output weights' gradient, they are 35% and 8% apart.
 */
class FloatBatchGradientTest {
    private static final NetShape SHAPE = new NetShape(11, 19, 11, InputEncoding.ONE_HOT, Activation.TANH, Activation.SOFTMAX);
    private static final int STREAMS = 8;
    private static final int LEN = 13;
    private final Random rnd = new Random(5);
    private final int[] x = new int[STREAMS * 40];
    private final int[] y = new int[x.length];
    private final int[] starts = new int[STREAMS];

    FloatBatchGradientTest() {
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextInt(11);
            y[i] = rnd.nextInt(11);
        }
        for (int b = 0; b < STREAMS; b++) starts[b] = b * 40;
    }

    private double[] weights() {
        double[] w = new double[SHAPE.paramCount()];
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextGaussian() * 0.15;
        return w;
    }

    /** The loss of one training pass of a fresh gradient with this seed: the same masks every time. */
    private double maskedLoss(double[] w, double dropout, long seed, double[] grad) {
        FloatBatchGradient g = gradient(dropout, seed);
        g.load(w);
        return g.accumulate(x, y, starts, LEN, new double[STREAMS][SHAPE.numHid()], 1, grad);
    }

    private static FloatBatchGradient gradient(double dropout, long seed) {
        return new FloatBatchGradient(SHAPE, STREAMS, dropout, seed, new FloatWeights(SHAPE));
    }

    @Test
    void theGradientWithDropoutIsTheGradientOfTheMaskedLoss() {
        double[] w = weights();
        double[] grad = new double[w.length];
        maskedLoss(w, 0.3, 11, grad);
        for (int probe = 0; probe < 5; probe++) {
            double[] d = new double[w.length];
            for (int i = 0; i < d.length; i++) d[i] = rnd.nextGaussian();
            double eps = 1e-2;
            double[] plus = w.clone();
            double[] minus = w.clone();
            for (int i = 0; i < w.length; i++) {
                plus[i] += eps * d[i];
                minus[i] -= eps * d[i];
            }
            double numeric = (maskedLoss(plus, 0.3, 11, new double[w.length]) - maskedLoss(minus, 0.3, 11, new double[w.length])) / (2 * eps);
            double analytic = 0;
            for (int i = 0; i < w.length; i++) analytic += grad[i] * d[i];
            assertEquals(numeric, analytic, 0.02 * Math.abs(numeric), "direction " + probe);
        }
    }

    @Test
    void dropoutChangesTrainingPassesOnlyAndTheSeedChoosesTheMasks() {
        double[] w = weights();
        double plain = maskedLoss(w, 0, 0, new double[w.length]);
        double dropped = maskedLoss(w, 0.5, 3, new double[w.length]);
        assertNotEquals(plain, dropped, 1e-3);
        assertEquals(dropped, maskedLoss(w, 0.5, 3, new double[w.length]), 0, "the same seed, the same masks");
        assertNotEquals(dropped, maskedLoss(w, 0.5, 4, new double[w.length]), 1e-6);
        // with half the output connections dropped and the rest doubled, the loss of random weights grows
        assertTrue(dropped > plain, dropped + " vs " + plain);
        FloatBatchGradient g = gradient(0.5, 3);
        g.load(w);
        g.accumulate(x, y, starts, LEN, new double[STREAMS][SHAPE.numHid()], 1, new double[w.length]);
        assertEquals(plain, g.loss(x, y, starts, LEN, new double[STREAMS][SHAPE.numHid()]), 0, "scoring uses every unit");
    }

    @Test
    void theShareDroppedIsTheRate() {
        double[] w = weights();
        for (double rate : new double[]{0.1, 0.3, 0.6}) {
            FloatBatchGradient g = gradient(rate, 9);
            g.load(w);
            g.accumulate(x, y, starts, LEN, new double[STREAMS][SHAPE.numHid()], 1, new double[w.length]);
            // 8 x 13 rows of 19 units: 1,976 draws, a standard error near 0.01
            assertEquals(rate, g.droppedShare(STREAMS * LEN), 0.035, "rate " + rate);
            g.loss(x, y, starts, LEN, new double[STREAMS][SHAPE.numHid()]);
            assertEquals(0, g.droppedShare(STREAMS * LEN), "scoring drops nothing");
        }
    }

    @Test
    void dropoutIsRefusedWhereItCannotApply() {
        assertThrows(IllegalArgumentException.class, () -> gradient(1, 0));
        assertThrows(IllegalArgumentException.class, () -> gradient(-0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new GroupedGradient(SHAPE, STREAMS, Arithmetic.FLOAT64, 0.2));
        int[] text = new int[100_000];
        assertTrue(new ChunkedAdamFit(SHAPE, text, 32, 25, 1, 0.01, 5, null, Arithmetic.FLOAT32, 0.25).name().contains("dropout 0.25"));
        assertThrows(IllegalArgumentException.class, () -> new ChunkedAdamFit(SHAPE, text, 32, 25, 1, 0.01, 5, null, Arithmetic.FLOAT64, 0.25));
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> TrainingSetup.text("t", "abcab".repeat(400), 7, Activation.TANH, "src", 4, 0.02, 1, Arithmetic.FLOAT32, 0.2));
        assertTrue(small.getMessage().startsWith("--dropout is for minibatch training"), small.getMessage());
    }
}
