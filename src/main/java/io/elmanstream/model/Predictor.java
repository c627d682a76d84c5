package io.elmanstream.model;

import java.util.LinkedHashMap;
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

    public Predictor(Model model) {
        this.model = model;
        this.out = new double[model.net().shape().numOut()];
        this.dist = new double[model.vocabulary().size()];
    }

    public Model model() {
        return model;
    }

    /** Steps from {@code hPrev} into {@code hOut} and decodes the output. */
    public Prediction step(double[] hPrev, int symbol, double[] hOut, long step) {
        model.net().step(hPrev, symbol, hOut, out);
        int best = model.decode(out, dist);
        return new Prediction(step, model.vocabulary().symbol(symbol), model.vocabulary().symbol(best), top());
    }

    private Map<String, Double> top() {
        int k = Math.min(TOP, dist.length);
        Map<String, Double> m = new LinkedHashMap<>();
        boolean[] taken = new boolean[dist.length];
        for (int n = 0; n < k; n++) {
            int best = -1;
            for (int i = 0; i < dist.length; i++) if (!taken[i] && (best < 0 || dist[i] > dist[best])) best = i;
            taken[best] = true;
            m.put(model.vocabulary().symbol(best), dist[best]);
        }
        return m;
    }

    /** Runs a whole input from zero context. */
    public java.util.List<Prediction> run(int[] symbols) {
        int nh = model.net().shape().numHid();
        double[] h = new double[nh];
        double[] next = new double[nh];
        java.util.List<Prediction> out = new java.util.ArrayList<>();
        for (int t = 0; t < symbols.length; t++) {
            out.add(step(h, symbols[t], next, t));
            double[] swap = h;
            h = next;
            next = swap;
        }
        return out;
    }
}
