package io.elmanstream.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a model one symbol at a time and decodes each output into a {@link Prediction}. The
 * caller owns the hidden state, so the same predictor serves offline runs and every stream key.
 * Reuses its buffers: one instance per thread.
 */
public final class Predictor {
    /** How many of the most likely symbols a prediction lists. */
    public static final int TOP = 5;

    private final Model model;
    private final double[] out;
    private final double[] dist;
    private final ElmanNet.Workspace workspace;
    private final int[] top = new int[TOP];
    private int lastBest = -1;

    public Predictor(Model model) {
        this.model = model;
        this.out = new double[model.net().shape().numOut()];
        this.dist = new double[model.vocabulary().size()];
        this.workspace = model.net().workspace();
    }

    public Model model() {
        return model;
    }

    /** The index of the most likely symbol of the last {@link #step} (-1 before the first). */
    public int lastBest() {
        return lastBest;
    }

    /** Steps from {@code hPrev} into {@code hOut} and decodes the output; no target. */
    public Prediction step(double[] hPrev, int symbol, double[] hOut, long step) {
        return step(hPrev, symbol, hOut, step, -1);
    }

    /** {@link #step(double[], double, int, double[], long, int)} without the previous step's normalizer: recomputed. */
    public Prediction step(double[] hPrev, int symbol, double[] hOut, long step, int target) {
        return step(hPrev, Double.NaN, symbol, hOut, step, target);
    }

    /**
     * Steps from {@code hPrev} into {@code hOut} and decodes the output, with the event's surprisal
     * in bits: for a next-symbol model, -log2 of the probability the previous step's prediction gave
     * to {@code symbol} (none at step 0, where nothing predicted it); for a label model, -log2 of the
     * probability this step gives to {@code target} (none without one, {@code target} < 0).
     *
     * <p>The previous prediction comes from {@code hPrev}, the state it came from, so a stream
     * that keeps only hidden states gets the same bits as a run that keeps every output. With a
     * softmax output the surprisal is (log normalizer - logit of the symbol) / ln 2; the symbol's
     * logit is recomputed from {@code hPrev} alone, and the previous step's log normalizer is
     * {@code prevNormalizer} when the caller kept it ({@link Prediction#normalizer}), else it is
     * recomputed from {@code hPrev}: the same operations either way, so the same bits. With
     * sigmoid output units over several symbols the kept normalizer is the previous outputs' sum,
     * and only the symbol's unit is recomputed.
     */
    public Prediction step(double[] hPrev, double prevNormalizer, int symbol, double[] hOut, long step, int target) {
        ElmanNet net = model.net();
        double surprisal = Double.NaN;
        if (model.objective() == Objective.NEXT_SYMBOL && step > 0) {
            if (net.shape().output() == Activation.SOFTMAX) {
                double normalizer = Double.isNaN(prevNormalizer) ? net.outputs(hPrev, out, workspace) : prevNormalizer;
                surprisal = (normalizer - net.logit(hPrev, symbol)) / LN2 + 0.0;
            } else if (!Double.isNaN(prevNormalizer)) {
                // independent sigmoid units: the symbol's probability is its unit over the kept sum, as decode divides it
                surprisal = bits(model.share(Activation.sigmoid(net.logit(hPrev, symbol)), prevNormalizer));
            } else {
                net.outputs(hPrev, out, workspace);
                model.decode(out, dist);
                surprisal = bits(dist[symbol]);
            }
        }
        double normalizer = net.step(hPrev, symbol, hOut, out, workspace);
        int best = model.decode(out, dist);
        lastBest = best;
        if (Double.isNaN(normalizer) && net.shape().numOut() > 1) normalizer = model.outputSum(out);
        if (model.objective() == Objective.LABEL && target >= 0) surprisal = bits(dist[target]);
        double[] probs = new double[Math.min(TOP, dist.length)];
        String[] symbols = top(probs);
        return new Prediction(step, model.vocabulary().symbol(symbol), model.vocabulary().symbol(best), symbols, probs, surprisal, normalizer);
    }

    /**
     * What a hidden state predicts for the next event: the most likely symbols and their
     * probabilities, most likely first (what the step that left this state put in its prediction).
     */
    public Map<String, Double> expected(double[] hidden) {
        model.net().outputs(hidden, out, workspace);
        model.decode(out, dist);
        double[] probs = new double[Math.min(TOP, dist.length)];
        String[] symbols = top(probs);
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < symbols.length; i++) m.put(symbols[i], probs[i]);
        return m;
    }

    /** The {@code probs.length} most likely symbols of {@code dist}, their probabilities into {@code probs}. */
    private String[] top(double[] probs) {
        int k = probs.length;
        // insertion into a k-long list ordered by probability (ties keep vocabulary order), of
        // indices: the symbols are looked up once, for the k that stay
        int n = 0;
        for (int i = 0; i < dist.length; i++) {
            double p = dist[i];
            if (n == k && p <= probs[k - 1]) continue;
            int j = n < k ? n++ : k - 1;
            while (j > 0 && probs[j - 1] < p) {
                probs[j] = probs[j - 1];
                top[j] = top[j - 1];
                j--;
            }
            probs[j] = p;
            top[j] = i;
        }
        Vocabulary v = model.vocabulary();
        String[] symbols = new String[k];
        for (int j = 0; j < k; j++) symbols[j] = v.symbol(top[j]);
        return symbols;
    }

    /**
     * -log2 p with StrictMath, so every JVM gives the same bits; a probability that underflowed to
     * 0 counts as the smallest double (1074 bits) rather than infinity, which JSON cannot carry.
     */
    static double bits(double p) {
        return -StrictMath.log(Math.max(p, Double.MIN_VALUE)) / LN2 + 0.0; // + 0.0: a certain event is 0 bits, not -0
    }

    private static final double LN2 = StrictMath.log(2);

    /** Runs a whole input from zero context. */
    public List<Prediction> run(int[] symbols) {
        return run(symbols, null);
    }

    /** Runs a whole input from zero context, with a label per step ({@code targets}, -1 for none; null: no targets). */
    public List<Prediction> run(int[] symbols, int[] targets) {
        int nh = model.net().shape().numHid();
        double[] h = new double[nh];
        double[] next = new double[nh];
        List<Prediction> out = new ArrayList<>();
        for (int t = 0; t < symbols.length; t++) {
            out.add(step(h, symbols[t], next, t, targets == null ? -1 : targets[t]));
            double[] swap = h;
            h = next;
            next = swap;
        }
        return out;
    }
}
