package io.elmanstream.retrain;

import io.elmanstream.train.StepScores;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Whether a candidate net beats another on the same held-out sequences beyond noise: the retrain
 * gate's one decision procedure.
 *
 * <p>The unit of evidence is the held-out sequence, not the step: the steps of one key's sequence
 * share a hidden state and are not independent. One measure, the mean cross-entropy per step (the
 * loss the nets are trained on, a proper score that also sees calibration, which accuracy misses);
 * accuracy is reported but decides nothing, so there is one test and no multiplicity to correct. For
 * each sequence s, {@code d_s = sum over its steps of (other loss - candidate loss) - minGain * steps_s};
 * the statistic is {@code T = sum d_s}. Under the null hypothesis that the two nets are exchangeable on
 * every sequence (neither is better by more than {@code minGain}), each {@code d_s} is as likely
 * positive as negative, so T is compared with its sign-flip distribution: all {@code 2^S} patterns
 * when S is at most {@link #EXACT_LIMIT}, else {@link #RESAMPLES} random ones, p = (1 + hits) / (1 +
 * R), which keeps P(p &lt;= alpha) &lt;= alpha. One-sided at {@link #ALPHA}: the candidate must be
 * shown better. Below {@link #MIN_SEQUENCES} held-out sequences the smallest reachable p gives too
 * little power to be worth a decision, so the procedure refuses.
 */
public final class PairedComparison {
    public static final double ALPHA = 0.05;
    /** 2^8 = 256 sign patterns: p can reach 1/256, and a candidate better on 7 of 8 sequences can pass. */
    public static final int MIN_SEQUENCES = 8;
    static final int EXACT_LIMIT = 20;
    static final int RESAMPLES = 20_000;

    /** The verdict: publish or not, the test's p-value, and a one-line account with the figures. */
    public record Verdict(boolean better, double p, String account) {
    }

    private PairedComparison() {
    }

    /**
     * @param candidate the candidate's per-step outcomes on the held-out sequences
     * @param other     the serving model's (or a baseline's), on the same steps in the same order
     * @param minGain   the smallest gain in nats/step that counts (0 = any gain beyond noise)
     * @param seed      the random sign patterns' seed when S exceeds {@link #EXACT_LIMIT} (the verdict is a function of it)
     */
    public static Verdict compare(StepScores candidate, StepScores other, double minGain, long seed) {
        if (candidate.steps() != other.steps() || !Arrays.equals(candidate.sequenceEnds(), other.sequenceEnds())) {
            throw new IllegalArgumentException("the candidate and the model it is compared with were not scored on the same held-out steps "
                    + "(do their vocabularies differ?)");
        }
        if (!(minGain >= 0) || Double.isInfinite(minGain)) throw new IllegalArgumentException("the minimum gain must be a finite number >= 0, got " + minGain);
        int sequences = candidate.sequenceEnds().length;
        requireEnough(sequences);
        double[] d = sequenceGains(candidate, other, minGain);
        int better = 0;
        for (double x : d) if (x > 0) better++;
        double p = signFlipP(d, seed);
        boolean won = p <= ALPHA;
        String account = String.format("cross-entropy %.4f vs %.4f nats/step (gain %+.4f, minimum gain %.4f); better on %d of %d held-out "
                        + "sequences; sign-flip test p = %.3g (%s, one-sided, alpha %.2f); accuracy %.4f vs %.4f",
                candidate.crossEntropy(), other.crossEntropy(), other.crossEntropy() - candidate.crossEntropy(), minGain, better, sequences, p,
                sequences <= EXACT_LIMIT ? "exact over " + (1L << sequences) + " sign patterns" : RESAMPLES + " random sign patterns",
                ALPHA, candidate.accuracy(), other.accuracy());
        return new Verdict(won, p, account);
    }

    /** Refuses a held-out set too small to decide on, with the count and how to get more. */
    public static void requireEnough(int sequences) {
        if (sequences < MIN_SEQUENCES) {
            throw new IllegalArgumentException("only " + sequences + " held-out sequence" + (sequences == 1 ? "" : "s")
                    + " (the keys held out for validation, every fifth key by hash); at least " + MIN_SEQUENCES
                    + " are needed to judge a model: archive events of more keys first (about " + 5 * MIN_SEQUENCES + " keys or more)");
        }
    }

    /** Per sequence: the summed loss of the other net minus the candidate's, less the minimum gain per step. */
    static double[] sequenceGains(StepScores candidate, StepScores other, double minGain) {
        int[] ends = candidate.sequenceEnds();
        double[] d = new double[ends.length];
        for (int s = 0, from = 0; s < ends.length; from = ends[s], s++) {
            double g = 0;
            for (int i = from; i < ends[s]; i++) g += other.loss()[i] - candidate.loss()[i];
            d[s] = g - minGain * (ends[s] - from);
        }
        return d;
    }

    /** One-sided p of sum(d) against its sign-flip distribution: exact up to {@link #EXACT_LIMIT} values, else sampled. */
    static double signFlipP(double[] d, long seed) {
        double t = 0, scale = 0;
        for (double x : d) {
            t += x;
            scale += Math.abs(x);
        }
        if (scale == 0) return 1.0;                // no sequence tells the nets apart
        double tolerance = 1e-12 * scale;          // sums of the same values in another order must count as ties
        if (d.length <= EXACT_LIMIT) {
            // walk all sign patterns in Gray-code order: each next pattern flips one sign
            long patterns = 1L << d.length, hits = 0;
            double sum = t;
            boolean[] flipped = new boolean[d.length];
            for (long k = 0; k < patterns; k++) {
                if (sum >= t - tolerance) hits++;
                if (k + 1 == patterns) break;
                int bit = Long.numberOfTrailingZeros(k + 1);
                sum += flipped[bit] ? 2 * d[bit] : -2 * d[bit];
                flipped[bit] = !flipped[bit];
            }
            return (double) hits / patterns;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        long hits = 0;
        for (int r = 0; r < RESAMPLES; r++) {
            double sum = 0;
            for (double x : d) sum += rnd.nextBoolean() ? x : -x;
            if (sum >= t - tolerance) hits++;
        }
        return (1.0 + hits) / (1.0 + RESAMPLES);
    }
}
