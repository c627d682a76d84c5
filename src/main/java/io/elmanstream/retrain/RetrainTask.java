package io.elmanstream.retrain;

import io.elmanstream.model.Activation;
import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.InputEncoding;
import io.elmanstream.model.Model;
import io.elmanstream.model.NetShape;
import io.elmanstream.model.Objective;
import io.elmanstream.model.Precision;
import io.elmanstream.model.Vocabulary;
import io.elmanstream.train.Sequence;
import io.elmanstream.train.SequenceScore;
import io.elmanstream.train.StepScores;
import io.elmanstream.train.TrainingTask;
import io.elmanstream.train.Validation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Training from archived sequences. The model's layout (objective, vocabulary, encoding, sizes)
 * comes from the serving model when there is one, so that a warm start is possible; otherwise
 * from the data: sequences with targets make a labelled task (bit encoding when the symbols are
 * 0 and 1), sequences without make a next-symbol task. Keys are split into training and
 * validation sets by a hash of the key (every fifth key, by hash, is held out), so a key's
 * sequences never straddle the two. The held-out keys are touched once, by the retrain gate: a fit's
 * own check (whether to restart) reads the training keys, so no choice among restarts leaks the
 * held-out data into the gate. With fewer held-out sequences than the gate needs
 * ({@link PairedComparison#MIN_SEQUENCES}) there is nothing to judge by, so the task refuses.
 */
public final class RetrainTask implements TrainingTask {
    private final String name;
    private final Objective objective;
    private final Vocabulary vocabulary;
    private final NetShape shape;
    private final List<Sequence> training;
    private final List<Sequence> validation;
    private final double requiredAccuracy;
    private final String summary;
    /** How often each symbol occurs in the training keys, when they are streamed rather than held here; else null. */
    private final Map<String, Long> streamedCounts;

    private RetrainTask(RetrainTask t, double requiredAccuracy) {
        this.name = t.name;
        this.objective = t.objective;
        this.vocabulary = t.vocabulary;
        this.shape = t.shape;
        this.training = t.training;
        this.validation = t.validation;
        this.summary = t.summary;
        this.streamedCounts = t.streamedCounts;
        this.requiredAccuracy = requiredAccuracy;
    }

    /** The same data and layout with another pass mark for the validation check. */
    public RetrainTask withRequiredAccuracy(double required) {
        return new RetrainTask(this, required);
    }

    /** Whether a key's sequences are held out for validation: every fifth key, by hash. */
    public static boolean heldOut(String key) {
        return Math.floorMod(key.hashCode(), 5) == 0;
    }

    /**
     * A task whose training data is streamed elsewhere ({@link io.elmanstream.train.StreamedChunkFit}):
     * it holds only the held-out sequences, to score and compare nets on.
     *
     * @param symbols  every symbol and target seen, for the vocabulary of a new layout
     * @param trainingCounts how often each symbol occurs in the training keys (for the baseline a new model must beat)
     * @param trainingSummary what the streamed training data is, for the report
     */
    public static RetrainTask heldOutOnly(String name, List<ArchivedSequence> heldOut, Set<String> symbols, Map<String, Long> trainingCounts,
                                          Model current, int hidden, String trainingSummary) {
        return new RetrainTask(name, heldOut, symbols, false, current, hidden, 0, trainingCounts, trainingSummary);
    }

    public RetrainTask(String name, List<ArchivedSequence> archive, Model current, int hidden, double requiredAccuracy) {
        this(name, archive, symbolsOf(archive), archive.stream().anyMatch(ArchivedSequence::labelled), current, hidden, requiredAccuracy, null, null);
    }

    private static Set<String> symbolsOf(List<ArchivedSequence> archive) {
        Set<String> symbols = new LinkedHashSet<>();
        archive.forEach(s -> {
            symbols.addAll(s.symbols());
            s.targets().stream().filter(t -> t != null).forEach(symbols::add);
        });
        return symbols;
    }

    private RetrainTask(String name, List<ArchivedSequence> archive, Set<String> symbols, boolean labelled, Model current, int hidden,
                        double requiredAccuracy, Map<String, Long> streamedCounts, String trainingSummary) {
        this.name = name;
        this.streamedCounts = streamedCounts;
        boolean streamed = streamedCounts != null;
        if (archive.isEmpty()) throw new IllegalArgumentException("the archive holds no " + (streamed ? "held-out " : "") + "sequences of model '" + name + "'");
        if (current != null) {
            this.objective = current.objective();
            this.vocabulary = current.vocabulary();
            this.shape = current.net().shape();
        } else {
            this.objective = labelled ? Objective.LABEL : Objective.NEXT_SYMBOL;
            List<String> sorted = new ArrayList<>(symbols);
            sorted.sort(null);
            this.vocabulary = new Vocabulary(sorted);
            boolean bits = sorted.equals(List.of("0", "1"));
            Activation out = labelled || bits ? Activation.SIGMOID : Activation.SOFTMAX;
            this.shape = new NetShape(bits ? 1 : vocabulary.size(), hidden, Model.outputsFor(vocabulary, out),
                    bits ? InputEncoding.BIT : InputEncoding.ONE_HOT, Activation.SIGMOID, out,
                    out == Activation.SOFTMAX ? Precision.CHARACTER_MODELS : Precision.FLOAT64); // character models: as train --task text
        }
        if (objective == Objective.LABEL) {
            long events = archive.stream().mapToLong(s -> s.symbols().size()).sum();
            long labelledEvents = archive.stream().mapToLong(s -> s.targets().stream().filter(t -> t != null).count()).sum();
            if (labelledEvents == 0) {
                throw new IllegalArgumentException("0 of " + events + " " + name + " events carry a target; produce with --targets");
            }
        }
        this.training = new ArrayList<>();
        this.validation = new ArrayList<>();
        int dropped = 0;
        for (ArchivedSequence s : archive) {
            Sequence seq = encode(s);
            if (seq == null || seq.labelledSteps() == 0) {
                dropped++;
                continue;
            }
            (heldOut(s.key()) ? validation : training).add(seq);
        }
        if (training.isEmpty() && !streamed) throw new IllegalArgumentException("no usable training sequence for model '" + name + "'");
        int heldOut = validation.stream().mapToInt(Sequence::labelledSteps).sum();
        PairedComparison.requireEnough(validation.size());
        this.requiredAccuracy = requiredAccuracy;
        this.summary = streamed
                ? String.format("%s; held out: %d sequences (%d unusable), %d steps", trainingSummary, validation.size(), dropped, heldOut)
                : String.format("archive: %d sequences (%d training, %d validation keys' sequences, %d unusable), %d labelled steps",
                archive.size(), training.size(), validation.size(), dropped,
                training.stream().mapToInt(Sequence::labelledSteps).sum());
    }

    /** Symbol indices and targets under this task's vocabulary; null if a symbol is outside it. */
    private Sequence encode(ArchivedSequence s) {
        int n = s.symbols().size();
        int[] in = new int[n];
        for (int i = 0; i < n; i++) {
            in[i] = vocabulary.indexOf(s.symbols().get(i));
            if (in[i] < 0) return null;
        }
        if (objective == Objective.NEXT_SYMBOL) return Sequence.nextSymbol(in);
        int[] tg = new int[n];
        for (int i = 0; i < n; i++) {
            String t = s.targets().get(i);
            tg[i] = t == null ? Sequence.UNLABELLED : vocabulary.indexOf(t);
            if (t != null && tg[i] < 0) return null;
        }
        return new Sequence(in, tg);
    }

    /** The held-out keys' sequences: the gate's evidence, and what the alert threshold is measured on. */
    @Override
    public List<Sequence> heldOutData() {
        return validation;
    }

    public SequenceScore score(ElmanNet net) {
        return SequenceScore.of(net, validation);
    }

    /** The net's score on the training keys: what a fit's own check reads. */
    public SequenceScore trainingScore(ElmanNet net) {
        return SequenceScore.of(net, training);
    }

    /** The best constant output on the training keys' data, the trivial model a new one must beat. */
    public ElmanNet baseline() {
        if (streamedCounts == null) return ConstantBaseline.of(shape, training);
        long[] counts = new long[ConstantBaseline.classes(shape)];
        streamedCounts.forEach((symbol, n) -> {
            int i = vocabulary.indexOf(symbol);
            if (i >= 0 && i < counts.length) counts[i] += n;
        });
        return ConstantBaseline.fromCounts(shape, counts);
    }

    /** The net's outcome on every held-out step, for a paired comparison with another net. */
    public StepScores stepScores(ElmanNet net) {
        return StepScores.of(net, validation);
    }

    @Override
    public Validation validate(ElmanNet net) {
        if (training.isEmpty()) return new Validation(true, "trained streamed: judged on the held-out keys only");
        SequenceScore s = trainingScore(net);
        return new Validation(s.accuracy() >= requiredAccuracy, String.format(
                "training keys: accuracy %.4f (%d/%d steps), cross-entropy %.4f; required accuracy %.4f",
                s.accuracy(), s.right(), s.steps(), s.crossEntropy(), requiredAccuracy));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Objective objective() {
        return objective;
    }

    @Override
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    public NetShape shape() {
        return shape;
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
        return shape.encoding() == InputEncoding.BIT ? 2.0 : 1.0;
    }
}
