package io.elmanstream.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Adam with the gradient clipped by its norm, step by step against the formulas (Kingma and Ba, algorithm 1). */
class AdamTest {

    @Test
    void theFirstStepsFollowTheBiasCorrectedMoments() {
        Adam adam = new Adam(2, 0.1, 100);
        double[] p = {1, -2};
        adam.step(p, new double[]{0.5, -4});
        // step 1: m / (1 - b1) = g and v / (1 - b2) = g^2, so each weight moves by the step size against the sign of its gradient
        assertArrayEquals(new double[]{1 - 0.1 * 0.5 / (0.5 + 1e-8), -2 + 0.1 * 4 / (4 + 1e-8)}, p, 1e-15);
        double[] after1 = p.clone();
        adam.step(p, new double[]{0.25, 2});
        double[] g1 = {0.5, -4};
        double[] g2 = {0.25, 2};
        for (int i = 0; i < 2; i++) {
            double m = 0.9 * (0.1 * g1[i]) + 0.1 * g2[i];
            double v = 0.999 * (0.001 * g1[i] * g1[i]) + 0.001 * g2[i] * g2[i];
            double mHat = m / (1 - 0.81);
            double vHat = v / (1 - 0.999 * 0.999);
            assertEquals(after1[i] - 0.1 * mHat / (Math.sqrt(vHat) + 1e-8), p[i], 1e-14, "weight " + i);
        }
        assertEquals(2, adam.steps());
    }

    @Test
    void aGradientLongerThanTheClipIsScaledDownToItAndTheStepSizeCanChange() {
        Adam clipped = new Adam(2, 0.1, 1);
        Adam scaled = new Adam(2, 0.1, 100);
        double[] a = {0, 0};
        double[] b = {0, 0};
        double[] g = {3, 4}; // norm 5
        clipped.step(a, g);
        scaled.step(b, new double[]{0.6, 0.8});
        clipped.step(a, g);
        scaled.step(b, new double[]{0.6, 0.8});
        assertArrayEquals(b, a, 1e-15, "clipped to norm 1, it steps as the gradient scaled to norm 1");
        assertArrayEquals(new double[]{3, 4}, g, 0, "the gradient is left as it was");
        clipped.learningRate(0.05);
        assertEquals(0.05, clipped.learningRate());
        double[] before = a.clone();
        Adam zero = new Adam(2, 0, 1);
        zero.step(a, g);
        assertArrayEquals(before, a, 0, "a zero step size moves nothing");
    }
}
