package io.elmanstream.train;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairedComparisonTest {
    /** {@code sequences} sequences of {@code per} steps each: right where {@code rightEvery} divides the step, with this loss. */
    private static StepScores scores(int sequences, int per, int rightEvery, double loss) {
        int n = sequences * per;
        boolean[] right = new boolean[n];
        double[] losses = new double[n];
        int[] ends = new int[sequences];
        for (int i = 0; i < n; i++) {
            right[i] = i % rightEvery == 0;
            losses[i] = loss + 0.01 * (i % 7);
        }
        for (int s = 0; s < sequences; s++) ends[s] = (s + 1) * per;
        return new StepScores(right, losses, ends);
    }

    @Test
    void exactMcNemarTailProbabilities() {
        assertEquals(Math.pow(0.5, 10), PairedComparison.mcNemarOneSided(10, 10), 1e-15);
        assertEquals(11.0 / 1024, PairedComparison.mcNemarOneSided(9, 10), 1e-15);     // C(10,9) + C(10,10) over 2^10
        assertEquals(638.0 / 1024, PairedComparison.mcNemarOneSided(5, 10), 1e-15);   // P(X >= 5), X ~ B(10, 1/2)
        assertEquals(1.0, PairedComparison.mcNemarOneSided(0, 10));
        assertEquals(1.0, PairedComparison.mcNemarOneSided(0, 0));
        double large = PairedComparison.mcNemarOneSided(5_100, 10_000);                 // 2 sigma over half
        assertTrue(large > 0.02 && large < 0.03, "finite and right for large n: " + large);
    }

    @Test
    void clearlyMoreAccurateIsBetterByAccuracy() {
        var v = PairedComparison.compare(scores(20, 10, 1, 0.1), scores(20, 10, 2, 0.7), 1);
        assertTrue(v.better(), v.account());
        assertEquals("accuracy", v.measure());
        assertTrue(v.account().contains("accuracy 1.0000 vs 0.5000 (+0.5000; right only by the candidate 100, only by the serving model 0"), v.account());
    }

    @Test
    void clearlyLessAccurateIsRefusedByAccuracy() {
        var v = PairedComparison.compare(scores(20, 10, 2, 0.1), scores(20, 10, 1, 0.7), 1);
        assertFalse(v.better());
        assertEquals("accuracy", v.measure());
    }

    @Test
    void sameAccuracyButClearlyLowerCrossEntropyIsBetterByCrossEntropy() {
        var v = PairedComparison.compare(scores(20, 10, 1, 0.1), scores(20, 10, 1, 0.3), 1);
        assertTrue(v.better(), v.account());
        assertEquals("cross-entropy", v.measure());
        assertTrue(v.account().contains("-0.2000"), v.account());
    }

    @Test
    void theSameNetIsNotBetterAndAWinWithinNoiseIsNot() {
        StepScores a = scores(20, 10, 2, 0.5);
        var same = PairedComparison.compare(a, a, 1);
        assertFalse(same.better());
        assertEquals("no measure", same.measure());
        assertTrue(same.account().endsWith("not better beyond noise"), same.account());
        // 108 vs 98 right of 196 (the outside audit's case): 10 more right is within noise
        boolean[] cand = new boolean[196], serv = new boolean[196];
        for (int i = 0; i < 108; i++) cand[i] = true;
        for (int i = 30; i < 128; i++) serv[i] = true;
        double[] loss = new double[196];
        Arrays.fill(loss, 0.69);
        int[] ends = new int[14];
        for (int s = 0; s < 14; s++) ends[s] = (s + 1) * 14;
        var noise = PairedComparison.compare(new StepScores(cand, loss, ends), new StepScores(serv, loss.clone(), ends), 1);
        assertFalse(noise.better(), noise.account());
    }

    @Test
    void netsScoredOnDifferentStepsCannotBeCompared() {
        assertThrows(IllegalArgumentException.class, () -> PairedComparison.compare(scores(20, 10, 1, 0.1), scores(10, 20, 1, 0.1), 1));
    }
}
