package io.elmanstream.model;


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
        int k = Math.min(TOP, dist.length);
        String[] symbols = new String[k];
        double[] probs = new double[k];
        // insertion into a k-long list ordered by probability (ties keep vocabulary order)
        int n = 0;
        for (int i = 0; i < dist.length; i++) {
            double p = dist[i];
            if (n == k && p <= probs[k - 1]) continue;
            int j = n < k ? n++ : k - 1;
            while (j > 0 && probs[j - 1] < p) {
                probs[j] = probs[j - 1];
                symbols[j] = symbols[j - 1];
                j--;
            }
            probs[j] = p;
            symbols[j] = model.vocabulary().symbol(i);
        }
        return new Prediction(step, model.vocabulary().symbol(symbol), model.vocabulary().symbol(best), symbols, probs);
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
