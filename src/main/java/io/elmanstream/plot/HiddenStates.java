package io.elmanstream.plot;

import io.elmanstream.model.Model;

/**
 * What the context units carry: the hidden activations of a model at every step of an input, from
 * a zero context, as {@code units[unit][step]}, with the input symbols.
 */
public record HiddenStates(double[][] units, String[] symbols) {

    public static HiddenStates of(Model model, String input) {
        int[] x = model.encode(input);
        if (x.length == 0) throw new IllegalArgumentException("--input is empty");
        int nh = model.net().shape().numHid();
        double[][] units = new double[nh][x.length];
        double[] h = new double[nh];
        double[] next = new double[nh];
        double[] out = new double[model.net().shape().numOut()];
        String[] symbols = new String[x.length];
        var workspace = model.net().workspace();
        for (int t = 0; t < x.length; t++) {
            model.net().step(h, x[t], next, out, workspace);
            for (int j = 0; j < nh; j++) units[j][t] = next[j];
            symbols[t] = model.vocabulary().symbol(x[t]);
            double[] swap = h;
            h = next;
            next = swap;
        }
        return new HiddenStates(units, symbols);
    }
}
