package io.elmanstream.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A trained, named, versioned Elman model: the net plus what its units mean (vocabulary, encoding,
 * objective) and how it was trained. Immutable once built; a new version is a new Model.
 */
public record Model(String name, long version, String task, Objective objective, Vocabulary vocabulary,
                    ElmanNet net, TrainingReport report) {

    public Model {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("model name is empty");
        if (version < 1) throw new IllegalArgumentException("model version must be >= 1, got " + version);
        NetShape s = net.shape();
        int expectedIn = s.encoding() == InputEncoding.BIT ? 1 : vocabulary.size();
        if (s.encoding() == InputEncoding.BIT && vocabulary.size() != 2) {
            throw new IllegalArgumentException("bit encoding needs a vocabulary of exactly 2 symbols, got " + vocabulary.size());
        }
        if (s.numIn() != expectedIn) {
            throw new IllegalArgumentException("input size " + s.numIn() + " does not match the vocabulary (" + expectedIn + ")");
        }
        int expectedOut = outputsFor(vocabulary, s.output());
        if (s.numOut() != expectedOut) {
            throw new IllegalArgumentException("output size " + s.numOut() + " does not match the vocabulary (" + expectedOut + ")");
        }
    }

    /** A binary vocabulary with sigmoid output needs only one unit (P(symbol 1)); otherwise one unit per symbol. */
    public static int outputsFor(Vocabulary vocabulary, Activation output) {
        return vocabulary.size() == 2 && output == Activation.SIGMOID ? 1 : vocabulary.size();
    }

    /** This model with another training report. */
    public Model withReport(TrainingReport newReport) {
        return new Model(name, version, task, objective, vocabulary, net, newReport);
    }

    /** The alert threshold of the training report, or null: the model raises no alerts unless one is configured. */
    public AlertThreshold alertThreshold() {
        return report == null ? null : report.alert();
    }

    public Model withVersion(long newVersion) {
        return new Model(name, newVersion, task, objective, vocabulary, net, report);
    }

    /** Bit models read whitespace-separated tokens ("1 0 0 1"); character models read every code point. */
    public boolean spacedSymbols() {
        return net.shape().encoding() == InputEncoding.BIT;
    }

    /** Splits text into symbols in this model's way; does not check the vocabulary. */
    public List<String> split(String text) {
        if (spacedSymbols()) {
            String t = text.strip();
            return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
        }
        List<String> out = new ArrayList<>();
        text.codePoints().forEach(cp -> out.add(Character.toString(cp)));
        return out;
    }

    /** Encodes text to symbol indices, naming the first symbol outside the vocabulary. */
    public int[] encode(String text) {
        List<String> symbols = split(text);
        int[] idx = new int[symbols.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = vocabulary.indexOf(symbols.get(i));
            if (idx[i] < 0) {
                throw new IllegalArgumentException("symbol '" + symbols.get(i) + "' at position " + i
                        + " is not in the vocabulary of model " + name + " " + vocabulary.symbols());
            }
        }
        return idx;
    }

    /** The sum {@link #decode} divides a net of several output units by. */
    public double outputSum(double[] out) {
        double sum = 0;
        for (int i = 0; i < net.shape().numOut(); i++) sum += out[i];
        return sum;
    }

    /** One output unit's probability in {@link #decode}, from its activation and {@link #outputSum}. */
    public double share(double unit, double sum) {
        return sum > 0 ? unit / sum : 1.0 / net.shape().numOut();
    }

    /**
     * Turns output activations into a distribution over the vocabulary, written to {@code dist}
     * (length = vocabulary size), and returns the index of the most likely symbol. Independent
     * sigmoid units are normalised to sum to one.
     */
    public int decode(double[] out, double[] dist) {
        NetShape s = net.shape();
        if (s.numOut() == 1) {
            dist[0] = 1 - out[0];
            dist[1] = out[0];
        } else {
            double sum = outputSum(out);
            for (int i = 0; i < s.numOut(); i++) dist[i] = share(out[i], sum);
        }
        int best = 0;
        for (int i = 1; i < dist.length; i++) if (dist[i] > dist[best]) best = i;
        return best;
    }
}
