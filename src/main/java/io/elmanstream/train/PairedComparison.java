package io.elmanstream.train;

import java.util.Arrays;
import java.util.Random;

/**
 * Whether a candidate net beats the serving one on the same held-out steps beyond noise. Accuracy
 * first, with McNemar's exact test on the steps where exactly one of the two is right; when that
 * does not decide, the mean cross-entropy, with a bootstrap interval of the paired difference that
 * resamples whole sequences (steps within a sequence are not independent). One-sided at
 * {@link #ALPHA}: the candidate must be shown better, not merely not worse.
 */
public final class PairedComparison {
    public static final double ALPHA = 0.05;
    static final int RESAMPLES = 2000;

    /** The verdict: publish or not, which measure decided, and a one-line account with the figures. */
    public record Verdict(boolean better, String measure, String account) {
    }

    private PairedComparison() {
    }

    /** P(X >= k) for X ~ Binomial(n, 1/2): the one-sided exact McNemar p-value of k wins in n discordant steps. */
    public static double mcNemarOneSided(int k, int n) {
        if (k <= 0) return 1.0;
        if (k > n) return 0.0;
        // sum of C(n, i) / 2^n for i >= k, in logs so that n in the millions stays finite
        double logHalfN = n * Math.log(0.5);
        double p = 0;
        double logC = logChoose(n, k);
        for (int i = k; i <= n; i++) {
            p += Math.exp(logC + logHalfN);
            logC += Math.log((double) (n - i) / (i + 1));
        }
        return Math.min(1.0, p);
    }

    private static double logChoose(int n, int k) {
        double s = 0;
        for (int i = 1; i <= k; i++) s += Math.log((double) (n - k + i) / i);
        return s;
    }

    /**
     * @param candidate the candidate's per-step outcomes on the held-out steps
     * @param serving   the serving model's, on the same steps in the same order
     * @param seed      the bootstrap's seed (the verdict is a function of it)
     */
    public static Verdict compare(StepScores candidate, StepScores serving, long seed) {
        if (candidate.steps() != serving.steps() || !Arrays.equals(candidate.sequenceEnds(), serving.sequenceEnds())) {
            throw new IllegalArgumentException("the candidate and the serving model were not scored on the same held-out steps "
                    + "(do their vocabularies differ?)");
        }
        int onlyCandidate = 0, onlyServing = 0;
        for (int i = 0; i < candidate.steps(); i++) {
            if (candidate.right()[i] && !serving.right()[i]) onlyCandidate++;
            if (!candidate.right()[i] && serving.right()[i]) onlyServing++;
        }
        int n = onlyCandidate + onlyServing;
        double pBetter = mcNemarOneSided(onlyCandidate, n);
        double pWorse = mcNemarOneSided(onlyServing, n);
        String accuracy = String.format("accuracy %.4f vs %.4f (%+.4f; right only by the candidate %d, only by the serving model %d; McNemar exact p = %.3g)",
                candidate.accuracy(), serving.accuracy(), candidate.accuracy() - serving.accuracy(), onlyCandidate, onlyServing,
                Math.min(pBetter, pWorse));
        if (pBetter < ALPHA) return new Verdict(true, "accuracy", accuracy);
        if (pWorse < ALPHA) return new Verdict(false, "accuracy", accuracy);

        double[] interval = bootstrapGain(candidate, serving, seed);
        String crossEntropy = String.format("cross-entropy %.4f vs %.4f nats/step (%+.4f; %.0f%% bootstrap interval of the gain [%.4f, %.4f])",
                candidate.crossEntropy(), serving.crossEntropy(), candidate.crossEntropy() - serving.crossEntropy(),
                100 * (1 - 2 * ALPHA), interval[0], interval[1]);
        if (interval[0] > 0) return new Verdict(true, "cross-entropy", accuracy + "; " + crossEntropy);
        return new Verdict(false, "no measure", accuracy + "; " + crossEntropy + ": not better beyond noise");
    }

    /** A two-sided 1 - 2 ALPHA percentile interval of (serving - candidate) mean cross-entropy, resampling sequences. */
    static double[] bootstrapGain(StepScores candidate, StepScores serving, long seed) {
        int[] ends = candidate.sequenceEnds();
        int sequences = ends.length;
        double[] seqGain = new double[sequences];
        int[] seqSteps = new int[sequences];
        for (int s = 0, from = 0; s < sequences; from = ends[s], s++) {
            for (int i = from; i < ends[s]; i++) seqGain[s] += serving.loss()[i] - candidate.loss()[i];
            seqSteps[s] = ends[s] - from;
        }
        Random rnd = new Random(seed);
        double[] means = new double[RESAMPLES];
        for (int r = 0; r < RESAMPLES; r++) {
            double gain = 0;
            long steps = 0;
            for (int k = 0; k < sequences; k++) {
                int s = rnd.nextInt(sequences);
                gain += seqGain[s];
                steps += seqSteps[s];
            }
            means[r] = steps == 0 ? 0 : gain / steps;
        }
        Arrays.sort(means);
        return new double[]{means[(int) Math.floor(ALPHA * (RESAMPLES - 1))], means[(int) Math.ceil((1 - ALPHA) * (RESAMPLES - 1))]};
    }
}
