package io.elmanstream.train;

import io.elmanstream.model.Activation;
import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.InputEncoding;
import io.elmanstream.model.NetShape;
import io.elmanstream.model.Objective;
import io.elmanstream.model.Vocabulary;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Temporal XOR: y(t) = x(t-1) XOR x(t), the first step unlabelled. The tutorial's five bits cannot
 * teach it (a fit to them does not generalise), so by default the net trains on seeded random bit
 * streams, and a fit passes only if it gets every step t >= 1 of held-out random streams right and
 * the tutorial's own check {@code 1 0 0 1 1 0 -> ? 1 0 1 0 1}.
 */
public final class XorTask implements TrainingTask {
    public static final Vocabulary BITS = new Vocabulary(List.of("0", "1"));
    public static final int[] TUTORIAL_CHECK = {1, 0, 0, 1, 1, 0};

    private static final int TRAIN_STREAMS = 4;
    private static final int TRAIN_BITS = 60;
    private static final int VALIDATION_STREAMS = 10;
    private static final int VALIDATION_BITS = 200;

    private final int hidden;
    private final List<Sequence> training;
    private final List<int[]> validation;
    private final String summary;

    /** Random training streams drawn from {@code seed}. */
    public XorTask(int hidden, long seed) {
        this(hidden, randomStreams(new Random(seed), TRAIN_STREAMS, TRAIN_BITS), seed,
                TRAIN_STREAMS + " random bit streams of " + TRAIN_BITS + " bits (seed " + seed + ")");
    }

    /** Trains on the given bit sequences instead (for example the tutorial's 0 0 1 1 0). */
    public XorTask(int hidden, List<int[]> bits, long seed, String summary) {
        this.hidden = hidden;
        this.training = bits.stream().map(XorTask::labelled).toList();
        // held-out streams come from a different generator than any training data
        this.validation = randomStreams(new Random(seed ^ 0x5DEECE66DL), VALIDATION_STREAMS, VALIDATION_BITS);
        this.summary = summary;
    }

    static List<int[]> randomStreams(Random rnd, int count, int length) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] b = new int[length];
            for (int t = 0; t < length; t++) b[t] = rnd.nextInt(2);
            out.add(b);
        }
        return out;
    }

    /** The xor labels of a bit sequence: unlabelled first step, then x(t-1) XOR x(t). */
    public static Sequence labelled(int[] bits) {
        int[] y = new int[bits.length];
        for (int t = 0; t < bits.length; t++) y[t] = t == 0 ? Sequence.UNLABELLED : bits[t - 1] ^ bits[t];
        return new Sequence(bits.clone(), y);
    }

    @Override
    public String name() {
        return "xor";
    }

    @Override
    public Objective objective() {
        return Objective.LABEL;
    }

    @Override
    public Vocabulary vocabulary() {
        return BITS;
    }

    @Override
    public NetShape shape() {
        return new NetShape(1, hidden, 1, InputEncoding.BIT, Activation.SIGMOID, Activation.SIGMOID);
    }

    @Override
    public String dataSummary() {
        return summary;
    }

    @Override
    public List<Sequence> trainingData() {
        return training;
    }

    @Override
    public double initScale() {
        return 2.0;
    }

    @Override
    public Validation validate(ElmanNet net) {
        int wrong = 0;
        int steps = 0;
        for (int[] bits : validation) {
            wrong += errors(net, bits);
            steps += bits.length - 1;
        }
        int tutorialWrong = errors(net, TUTORIAL_CHECK);
        boolean ok = wrong == 0 && tutorialWrong == 0;
        return new Validation(ok, String.format("held-out random streams: %d/%d steps right; tutorial check 1 0 0 1 1 0 -> ? 1 0 1 0 1: %s",
                steps - wrong, steps, tutorialWrong == 0 ? "pass" : "fail"));
    }

    /** Steps t >= 1 whose thresholded output differs from the xor label. */
    public static int errors(ElmanNet net, int[] bits) {
        return (int) SequenceScore.of(net, List.of(labelled(bits))).wrong();
    }
}
