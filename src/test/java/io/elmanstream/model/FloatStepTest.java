package io.elmanstream.model;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The float32 serving step's tanh is tanh to float accuracy, and its logit is the output layer's sum, bit for bit. */
class FloatStepTest {

    @Test
    void tanhIsWithinAFewUlpEverywhere() {
        double worst = 0;
        for (float x = -12f; x <= 12f; x = Math.nextUp(x + 3e-4f)) {
            float t = FloatStep.tanh(x);
            double exact = Math.tanh(x);
            worst = Math.max(worst, Math.abs(t - exact) / Math.ulp((float) exact));
            assertEquals(-t, FloatStep.tanh(-x), 0.0, "odd at " + x);
            assertTrue(Math.abs(t) <= 1f, "bounded at " + x);
        }
        assertTrue(worst <= 8, "worst error " + worst + " ulp");
        assertEquals(1f, FloatStep.tanh(100f), 0f);
        assertEquals(-1f, FloatStep.tanh(Float.NEGATIVE_INFINITY), 0f);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(FloatStep.tanh(-0f)), "keeps the sign of zero");
        assertEquals(1e-30f, FloatStep.tanh(1e-30f), 1e-36f);
    }

    /** Any hidden size, including ones the four-rows-a-pass loops do not divide. */
    @Test
    void theLogitOfOneUnitIsTheOutputLayersOwnSum() {
        for (int hidden : new int[]{1, 3, 4, 7, 100}) {
            NetShape shape = new NetShape(5, hidden, 5, InputEncoding.ONE_HOT, Activation.TANH, Activation.SOFTMAX, Precision.FLOAT32);
            Random rnd = new Random(hidden);
            double[] p = new double[shape.paramCount()];
            for (int i = 0; i < p.length; i++) p[i] = rnd.nextGaussian();
            ElmanNet net = new ElmanNet(shape, p);
            ElmanNet.Workspace w = net.workspace();
            double[] h = new double[hidden];
            double[] next = new double[hidden];
            double[] out = new double[5];
            for (int t = 0; t < 6; t++) {
                double normalizer = net.step(h, t % 5, next, out, w);
                for (int j = 0; j < 5; j++) {
                    // the probability the step gave, from the logit and the normalizer
                    assertEquals(out[j], Math.exp(net.logit(next, j) - normalizer), 1e-12, "H " + hidden + " unit " + j);
                }
                assertEquals(normalizer, net.outputs(next, new double[5], w), 0.0, "the normalizer recomputed from the state");
                System.arraycopy(next, 0, h, 0, hidden);
            }
        }
    }
}
