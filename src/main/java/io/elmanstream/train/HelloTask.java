package io.elmanstream.train;

import io.elmanstream.model.Activation;
import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.InputEncoding;
import io.elmanstream.model.NetShape;
import io.elmanstream.model.Objective;
import io.elmanstream.model.Vocabulary;

import java.util.List;

/**
 * The tutorial's character model: learn to continue a word, "hell" -> "ello". The vocabulary order
 * o, e, h, l makes one-hot coding reproduce the tutorial's encoding exactly (h=0010, e=0100,
 * l=0001, o=1000); outputs are independent sigmoid units as in the tutorial. A fit passes when the
 * most active output at every step is the next character.
 */
public final class HelloTask implements TrainingTask {
    public static final Vocabulary TUTORIAL_VOCABULARY = new Vocabulary(List.of("o", "e", "h", "l"));

    private final int hidden;
    private final String word;
    private final Vocabulary vocabulary;
    private final Sequence sequence;

    public HelloTask(int hidden, String word) {
        if (word.codePointCount(0, word.length()) < 2) {
            throw new IllegalArgumentException("the word to learn needs at least 2 characters, got '" + word + "'");
        }
        this.hidden = hidden;
        this.word = word;
        Vocabulary chars = Vocabulary.ofCharacters(word);
        this.vocabulary = chars.symbols().size() == 4 && chars.symbols().containsAll(TUTORIAL_VOCABULARY.symbols())
                ? TUTORIAL_VOCABULARY : chars;
        this.sequence = Sequence.nextSymbol(word.codePoints().map(cp -> vocabulary.indexOf(Character.toString(cp))).toArray());
    }

    public HelloTask() {
        this(10, "hello");
    }

    @Override
    public String name() {
        return "hello";
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
        return new NetShape(v, hidden, v, InputEncoding.ONE_HOT, Activation.SIGMOID, Activation.SIGMOID);
    }

    @Override
    public String dataSummary() {
        return "the word '" + word + "'";
    }

    @Override
    public List<Sequence> trainingData() {
        return List.of(sequence);
    }

    @Override
    public Validation validate(ElmanNet net) {
        double[][] out = net.run(sequence.inputs());
        StringBuilder got = new StringBuilder();
        int wrong = 0;
        for (int t = 0; t < out.length; t++) {
            int best = argmax(out[t]);
            got.append(vocabulary.symbol(best));
            if (best != sequence.targets()[t]) wrong++;
        }
        String input = word.substring(0, word.offsetByCodePoints(word.length(), -1));
        String expected = word.substring(word.offsetByCodePoints(0, 1));
        return new Validation(wrong == 0, "'" + input + "' -> '" + got + "' (expected '" + expected + "')");
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
