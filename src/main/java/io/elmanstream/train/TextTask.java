package io.elmanstream.train;

import io.elmanstream.model.Activation;
import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.InputEncoding;
import io.elmanstream.model.NetShape;
import io.elmanstream.model.Objective;
import io.elmanstream.model.Precision;
import io.elmanstream.model.Vocabulary;

import java.util.Arrays;
import java.util.List;

/**
 * A next-character model over any text: softmax over the text's own vocabulary. The last tenth of
 * the text is held out (texts under 200 characters are too short to split and are validated on
 * themselves); a fit passes when its held-out cross-entropy beats the unigram baseline, i.e. the
 * net has learnt something from context that character frequencies alone do not give.
 */
public final class TextTask implements TrainingTask {
    private static final int MIN_SPLIT = 200;

    private final String name;
    private final int hidden;
    private final Activation hiddenActivation;
    private final Vocabulary vocabulary;
    private final int[] train;
    private final int[] held;
    private final String summary;

    public TextTask(String name, String text, int hidden, Activation hiddenActivation, String source) {
        int[] cps = text.codePoints().toArray();
        if (cps.length < 2) throw new IllegalArgumentException("text data needs at least 2 characters, got " + cps.length);
        this.name = name;
        this.hidden = hidden;
        this.hiddenActivation = hiddenActivation;
        this.vocabulary = Vocabulary.ofCharacters(text);
        int[] symbols = Arrays.stream(cps).map(cp -> vocabulary.indexOf(Character.toString(cp))).toArray();
        if (symbols.length < MIN_SPLIT) {
            this.train = symbols;
            this.held = symbols;
        } else {
            int cut = symbols.length - symbols.length / 10;
            this.train = Arrays.copyOfRange(symbols, 0, cut);
            this.held = Arrays.copyOfRange(symbols, cut, symbols.length);
        }
        this.summary = String.format("%s: %d characters, %d distinct; %d for training, %d held out",
                source, symbols.length, vocabulary.size(), train.length, held == train ? 0 : held.length);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Objective objective() {
        return Objective.NEXT_SYMBOL;
    }

    @Override
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    public NetShape shape() {
        int v = vocabulary.size();
        return new NetShape(v, hidden, v, InputEncoding.ONE_HOT, hiddenActivation, Activation.SOFTMAX, Precision.CHARACTER_MODELS);
    }

    @Override
    public String dataSummary() {
        return summary;
    }

    /** The held-out last tenth as one next-symbol sequence; none when the text is too short to split. */
    @Override
    public List<Sequence> heldOutData() {
        return held == train ? List.of() : List.of(Sequence.nextSymbol(held));
    }

    /** The held-out last tenth (the whole text when it is too short to split). */
    public int[] heldOutSymbols() {
        return held;
    }

    /** The training text as one symbol array, for chunked minibatch training. */
    public int[] trainingSymbols() {
        return train;
    }

    @Override
    public List<Sequence> trainingData() {
        return List.of(Sequence.nextSymbol(train));
    }

    @Override
    public double initScale() {
        return 0.1;
    }

    @Override
    public Validation validate(ElmanNet net) {
        double loss = SequenceScore.of(net, List.of(Sequence.nextSymbol(held))).crossEntropy();
        double baseline = unigramLoss(train, held, vocabulary.size());
        return new Validation(loss < baseline, String.format(
                "held-out cross-entropy %.4f nats/char vs unigram baseline %.4f (uniform %.4f)",
                loss, baseline, Math.log(vocabulary.size())));
    }

    /** Cross-entropy of predicting held-out characters from training frequencies (add-one smoothed). */
    static double unigramLoss(int[] train, int[] held, int v) {
        double[] count = new double[v];
        Arrays.fill(count, 1);
        for (int s : train) count[s]++;
        double total = train.length + v;
        double loss = 0;
        for (int t = 1; t < held.length; t++) loss -= Math.log(count[held[t]] / total);
        return loss / Math.max(1, held.length - 1);
    }
}
