package io.elmanstream.model;

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
        if (temperature <= 0) throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        NetShape s = model.net().shape();
        int v = model.vocabulary().size();
        double[] h = new double[s.numHid()];
        double[] next = new double[s.numHid()];
        double[] out = new double[s.numOut()];
        double[] dist = new double[v];
        int[] primer = model.encode(prompt.isEmpty() ? model.vocabulary().symbol(rnd.nextInt(v)) : prompt);
        StringBuilder text = new StringBuilder(prompt);
        int symbol = -1;
        for (int i = 0; i < primer.length + length; i++) {
            int input = i < primer.length ? primer[i] : symbol;
            model.net().step(h, input, next, out);
            double[] swap = h;
            h = next;
            next = swap;
            model.decode(out, dist);
            symbol = draw(dist, temperature, rnd);
            if (i >= primer.length - 1 && i < primer.length + length - 1) text.append(model.vocabulary().symbol(symbol));
        }
        return text.toString();
    }

    private static int draw(double[] p, double temperature, Random rnd) {
        double sum = 0;
        double[] w = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            w[i] = Math.pow(Math.max(p[i], 1e-300), 1.0 / temperature);
            sum += w[i];
        }
        double r = rnd.nextDouble() * sum;
        for (int i = 0; i < w.length; i++) {
            r -= w[i];
            if (r <= 0) return i;
        }
        return w.length - 1;
    }
}
