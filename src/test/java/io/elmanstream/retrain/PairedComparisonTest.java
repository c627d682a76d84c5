package io.elmanstream.retrain;

import io.elmanstream.train.StepScores;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

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

    /** One step per sequence, with these losses. */
    private static StepScores perSequence(double... losses) {
        int[] ends = new int[losses.length];
        for (int s = 0; s < ends.length; s++) ends[s] = s + 1;
        return new StepScores(new boolean[losses.length], losses, ends);
    }

    @Test
    void theExactSignFlipPCountsThePatternsAtLeastAsLargeAsTheObservedSum() {
        // all 8 gains positive: only the identity pattern reaches the sum, p = 1/256
        assertEquals(1.0 / 256, PairedComparison.signFlipP(new double[]{1, 2, 3, 4, 5, 6, 7, 8}, 1), 1e-15);
        // one of 8 negative (the smallest): the identity and the pattern flipping only it reach... count by brute force
        double[] d = {1, 2, 3, 4, 5, 6, 7, -1};
        assertEquals(bruteForce(d), PairedComparison.signFlipP(d, 1), 1e-15);
        double[] mixed = {0.3, -0.1, 0.25, 0.05, -0.2, 0.4, 0.1, -0.05, 0.15, 0.2};
        assertEquals(bruteForce(mixed), PairedComparison.signFlipP(mixed, 1), 1e-15);
        assertEquals(1.0, PairedComparison.signFlipP(new double[10], 1), "no sequence tells the nets apart");
    }

    private static double bruteForce(double[] d) {
        double t = Arrays.stream(d).sum();
        int hits = 0, n = 1 << d.length;
        for (int mask = 0; mask < n; mask++) {
            double s = 0;
            for (int i = 0; i < d.length; i++) s += (mask >> i & 1) == 1 ? -d[i] : d[i];
            if (s >= t - 1e-12) hits++;
        }
        return (double) hits / n;
    }

    @Test
    void beyondTheExactLimitSampledPatternsAgreeWithTheNormalApproximation() {
        Random rnd = new Random(3);
        double[] d = new double[100];
        for (int i = 0; i < d.length; i++) d[i] = rnd.nextGaussian() + 0.2;
        double t = Arrays.stream(d).sum(), ss = Arrays.stream(d).map(x -> x * x).sum();
        double z = t / Math.sqrt(ss);
        double normal = 0.5 * erfc(z / Math.sqrt(2));
        double p = PairedComparison.signFlipP(d, 7);
        assertEquals(normal, p, 0.01, "sampled p " + p + " vs normal " + normal);
        assertTrue(p >= 1.0 / (1 + PairedComparison.RESAMPLES), "never below one over the patterns drawn");
    }

    /** Abramowitz and Stegun 7.1.26, good to 1.5e-7: enough to check a sampled p to 0.01. */
    private static double erfc(double x) {
        double t = 1 / (1 + 0.3275911 * Math.abs(x));
        double y = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
        return x >= 0 ? y : 2 - y;
    }

    /** Exchangeable nets (differences symmetric about 0, heavy-tailed and unequal in scale): rejected in at most alpha of trials. */
    @Test
    void onExchangeableDifferencesTheTestRejectsAtMostAlphaAtEverySize() {
        Random rnd = new Random(11);
        for (int size : new int[]{PairedComparison.MIN_SEQUENCES, 12, 50, 200}) {
            int trials = size <= 12 ? 2000 : 300, rejected = 0;
            for (int k = 0; k < trials; k++) {
                double[] d = new double[size];
                for (int i = 0; i < size; i++) d[i] = rnd.nextGaussian() * (1 + 5 * rnd.nextDouble()) / (0.2 + rnd.nextDouble());
                if (PairedComparison.signFlipP(d, k) <= PairedComparison.ALPHA) rejected++;
            }
            // binomial at 5%: the bound is alpha plus 2.5 standard errors of the trials
            double bound = PairedComparison.ALPHA + 2.5 * Math.sqrt(0.05 * 0.95 / trials);
            assertTrue((double) rejected / trials <= bound, size + " sequences: " + rejected + " of " + trials + " rejected");
            assertTrue(rejected > 0, size + " sequences: a test that never rejects has no power either");
        }
    }

    @Test
    void clearlyLowerCrossEntropyOnEverySequenceIsBetter() {
        var v = PairedComparison.compare(scores(20, 10, 1, 0.1), scores(20, 10, 2, 0.7), 0, 1);
        assertTrue(v.better(), v.account());
        assertEquals(1.0 / (1 << 20), v.p(), 1e-18);
        assertTrue(v.account().contains("nats/step (gain +0.6000, minimum gain 0.0000); better on 20 of 20 held-out sequences"),
                v.account());
        assertTrue(v.account().contains("exact over 1048576 sign patterns"), v.account());
        assertTrue(v.account().endsWith("accuracy 1.0000 vs 0.5000"), v.account());
    }

    @Test
    void clearlyHigherCrossEntropyIsNotBetter() {
        var v = PairedComparison.compare(scores(20, 10, 1, 0.7), scores(20, 10, 1, 0.1), 0, 1);
        assertFalse(v.better(), v.account());
        assertEquals(1.0, v.p(), 1e-12);
    }

    @Test
    void theSameNetIsNotBetter() {
        StepScores a = scores(20, 10, 2, 0.5);
        var same = PairedComparison.compare(a, a, 0, 1);
        assertFalse(same.better());
        assertEquals(1.0, same.p());
    }

    @Test
    void aLargeGainOnOneSequenceOfEightIsNotEvidence() {
        // the old per-step tests counted 50 steps of one key as 50 pieces of evidence; by sequence it is one
        var v = PairedComparison.compare(perSequence(0, 1, 1, 1, 1, 1, 1, 1), perSequence(5, 1, 1, 1, 1, 1, 1, 1), 0, 1);
        assertFalse(v.better(), v.account());
        assertEquals(0.5, v.p(), 1e-12);
    }

    @Test
    void theMinimumGainIsSubtractedPerStepBeforeTheTest() {
        StepScores cand = scores(10, 10, 1, 0.5), other = scores(10, 10, 1, 0.55);
        assertTrue(PairedComparison.compare(cand, other, 0, 1).better());
        assertTrue(PairedComparison.compare(cand, other, 0.04, 1).better(), "0.05 gained, 0.04 asked");
        var v = PairedComparison.compare(cand, other, 0.06, 1);
        assertFalse(v.better(), "0.05 gained, 0.06 asked");
        assertTrue(v.account().contains("minimum gain 0.0600"), v.account());
        assertThrows(IllegalArgumentException.class, () -> PairedComparison.compare(cand, other, -0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> PairedComparison.compare(cand, other, Double.NaN, 1));
    }

    @Test
    void fewerSequencesThanTheMinimumAreRefusedWithTheCountAndWhatToDo() {
        int min = PairedComparison.MIN_SEQUENCES;
        var e = assertThrows(IllegalArgumentException.class, () -> PairedComparison.compare(scores(min - 1, 10, 1, 0.1), scores(min - 1, 10, 1, 0.9), 0, 1));
        assertEquals("only " + (min - 1) + " held-out sequences (the keys held out for validation, every fifth key by hash); at least " + min
                + " are needed to judge a model: archive events of more keys first (about " + 5 * min + " keys or more)", e.getMessage());
        assertTrue(PairedComparison.compare(scores(min, 10, 1, 0.1), scores(min, 10, 1, 0.9), 0, 1).better(), "the minimum itself can decide");
    }

    @Test
    void netsScoredOnDifferentStepsCannotBeCompared() {
        assertThrows(IllegalArgumentException.class, () -> PairedComparison.compare(scores(20, 10, 1, 0.1), scores(10, 20, 1, 0.1), 0, 1));
    }
}
