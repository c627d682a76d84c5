package io.elmanstream.model;

import java.util.Arrays;
import java.util.Random;

/**
 * Generates text from a next-symbol model: primes the hidden state with a prompt, then repeatedly
 * samples a symbol from the output distribution (sharpened or flattened by a temperature) and feeds
 * it back in. This is the character generator the tutorial's author could not get working.
 */
public final class TextSampler {
    private final Model model;

    public TextSampler(Model model) {
        if (model.objective() != Objective.NEXT_SYMBOL) {
            throw new IllegalArgumentException("model " + model.name() + " predicts labels, not next symbols: it cannot generate text");
        }
        this.model = model;
    }

    public String sample(String prompt, int length, double temperature, Random rnd) {
        return sample(prompt, length, temperature, 0, rnd);
    }

    /**
     * @param topK draw only from the {@code topK} most likely symbols of each step (0 = from all):
     *             cuts the long tail of unlikely symbols that makes sampled text garble
     */
    public String sample(String prompt, int length, double temperature, int topK, Random rnd) {
        if (temperature <= 0) throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        if (topK < 0) throw new IllegalArgumentException("top-k must be >= 0 (0 = all symbols), got " + topK);
        NetShape s = model.net().shape();
        int v = model.vocabulary().size();
        double[] h = new double[s.numHid()];
        double[] next = new double[s.numHid()];
        double[] out = new double[s.numOut()];
        double[] dist = new double[v];
        int[] primer = model.encode(prompt.isEmpty() ? model.vocabulary().symbol(rnd.nextInt(v)) : prompt);
        StringBuilder text = new StringBuilder(prompt);
        int symbol = -1;
        ElmanNet.Workspace workspace = model.net().workspace();
        for (int i = 0; i < primer.length + length; i++) {
            int input = i < primer.length ? primer[i] : symbol;
            model.net().step(h, input, next, out, workspace);
            double[] swap = h;
            h = next;
            next = swap;
            model.decode(out, dist);
            symbol = draw(dist, temperature, topK, rnd);
            if (i >= primer.length - 1 && i < primer.length + length - 1) text.append(model.vocabulary().symbol(symbol));
        }
        return text.toString();
    }

    static int draw(double[] p, double temperature, int topK, Random rnd) {
        double[] w = new double[p.length];
        for (int i = 0; i < p.length; i++) w[i] = Math.pow(Math.max(p[i], 1e-300), 1.0 / temperature);
        if (topK > 0 && topK < w.length) {
            // keep the topK largest weights (the earliest symbol wins a tie at the cut), zero the rest
            Integer[] order = new Integer[w.length];
            for (int i = 0; i < order.length; i++) order[i] = i;
            Arrays.sort(order, (a, b) -> Double.compare(w[b], w[a]));
            for (int r = topK; r < order.length; r++) w[order[r]] = 0;
        }
        double sum = 0;
        for (double x : w) sum += x;
        double r = rnd.nextDouble() * sum;
        for (int i = 0; i < w.length; i++) {
            r -= w[i];
            if (r <= 0) return i;
        }
        return w.length - 1;
    }
}
