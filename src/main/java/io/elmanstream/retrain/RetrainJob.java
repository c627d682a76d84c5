package io.elmanstream.retrain;

import io.elmanstream.model.Model;
import io.elmanstream.model.Objective;
import io.elmanstream.train.Progress;
import io.elmanstream.train.SequenceScore;
import io.elmanstream.train.StepScores;
import io.elmanstream.train.StreamedChunkFit;
import io.elmanstream.train.Trainer;
import io.elmanstream.train.TrainingSetup;

import java.util.List;

/**
 * Retrains a model from archived sequences: warm start from the serving model (when its layout
 * allows), then random restarts until a label model fits the training keys perfectly (else the fit
 * of lowest training cost is kept);
 * compares new and serving model on the same held-out sequences and decides whether to publish:
 * only when the candidate is better beyond noise ({@link PairedComparison}), unless forced. A new
 * model (none serving yet) must in the same way beat the trivial baseline, the best constant output
 * ({@link io.elmanstream.retrain.ConstantBaseline}).
 */
public final class RetrainJob {

    /** The outcome: the candidate model, both scores, and whether it should be published. */
    public record Outcome(Model candidate, SequenceScore candidateScore, SequenceScore currentScore, boolean publish,
                          String reason, Trainer.Result training) {
    }

    /** Seed of the comparison's random sign patterns: fixed, so that a decision can be repeated. */
    static final long COMPARISON_SEED = 20261126L;

    private final int hidden;
    private final int maxAttempts;
    private final long seed;
    private final double minGain;

    /**
     * The default smallest gain worth a new version, in nats/step: below it a swap (and a re-warm of
     * every key) buys nothing a user would notice, and a warm retrain of a model that already fits
     * (say 0.0013 down to 0.0010 nats/step, every prediction right before and after) would
     * otherwise be published on every scheduled run.
     */
    public static final String DEFAULT_MIN_GAIN = "0.001";

    public RetrainJob(int hidden, int maxAttempts, long seed) {
        this(hidden, maxAttempts, seed, Double.parseDouble(DEFAULT_MIN_GAIN));
    }

    /** @param minGain the smallest gain in held-out cross-entropy (nats/step) worth a new version */
    public RetrainJob(int hidden, int maxAttempts, long seed, double minGain) {
        this.hidden = hidden;
        this.maxAttempts = maxAttempts;
        this.seed = seed;
        this.minGain = minGain;
    }

    /**
     * @param fresh ignore the serving model's layout and weights (train a new layout from the data
     *              with the given hidden size); the serving model is still the one to beat
     */
    public Outcome run(String name, List<ArchivedSequence> archive, Model current, boolean fresh, boolean force, Progress progress) {
        Model base = fresh ? null : current;
        RetrainTask data = new RetrainTask(name, archive, base, hidden, 0);
        // the serving model, scored on the same held-out keys under its own layout
        RetrainTask servingTask = current == null ? null : base != null ? data : new RetrainTask(name, archive, current, hidden, 0);
        // a label model restarts until it fits the training keys perfectly (xor does), else the attempt of lowest training cost is
        // kept: matching only the serving model's accuracy let a fit stuck at chance pass whenever the serving model was poor
        double required = data.objective() == Objective.LABEL ? 1.0 : 0.0;
        RetrainTask task = data.withRequiredAccuracy(required);
        return trainAndJudge(TrainingSetup.lbfgs(task, maxAttempts), task, servingTask, name, current, base, force, progress);
    }

    /**
     * Retrains a model from a slice of the archive without holding it: one pass keeps the held-out
     * keys' sequences (bounded) and what a new layout needs; a next-symbol model is then trained on
     * the training keys' chunks streamed from the archive, {@code epochs} passes of minibatch Adam.
     * Label models (whose data is the targets, and which L-BFGS fits exactly) are read into memory
     * and trained as by {@link #run}; bound their data with the slice's window.
     */
    public Outcome runStreamed(String name, ArchiveReader.Slice archive, Model current, boolean fresh, boolean force, int epochs,
                               Progress progress) {
        ArchiveCensus census = ArchiveCensus.take(archive, name, progress);
        Model base = fresh ? null : current;
        boolean label = base != null ? base.objective() == Objective.LABEL : census.labelled();
        if (label) return run(name, archive.read(name, progress).sequences(), current, fresh, force, progress);
        String summary = String.format("archive: %d events of %s streamed (%d of training keys)", census.events(), name, census.trainingEvents());
        RetrainTask task = RetrainTask.heldOutOnly(name, census.heldOut(), census.symbols(), census.trainingSymbols(), base, hidden, summary);
        RetrainTask servingTask = current == null ? null : base != null ? task
                : RetrainTask.heldOutOnly(name, census.heldOut(), census.symbols(), census.trainingSymbols(), current, hidden, summary);
        StreamedChunkFit fit = new StreamedChunkFit(task.shape(), new ArchiveChunks(archive, name, task.vocabulary(), CHUNK), BATCH, epochs,
                LEARNING_RATE, 5.0);
        return trainAndJudge(new TrainingSetup(task, fit, 1), task, servingTask, name, current, base, force, progress);
    }

    /** Steps per streamed chunk, chunks per update, and the step size of streamed training. */
    static final int CHUNK = 50;
    static final int BATCH = 32;
    static final double LEARNING_RATE = 0.01;

    private Outcome trainAndJudge(TrainingSetup setup, RetrainTask task, RetrainTask servingTask, String name, Model current, Model base,
                                  boolean force, Progress progress) {
        double[] warm = base == null ? null : base.net().params().clone();
        Trainer.Result result = setup.run(seed, warm, progress);
        Model candidate = setup.toModel(result, name, current == null ? 1 : current.version() + 1);
        SequenceScore theirs = servingTask == null ? null : servingTask.score(current.net());
        SequenceScore mine = task.score(result.net());
        // beat the constant baseline and the serving version, each at alpha: requiring both keeps the false-publish rate at
        // most alpha (an intersection-union test); on data with nothing to learn the serving version can be truly worse than
        // a new fit (overconfident), but no fit is truly better than the baseline there
        StepScores scores = task.stepScores(result.net());
        String frequencies = "the constant baseline (the training keys' " + (task.objective() == Objective.LABEL ? "label" : "symbol") + " frequencies)";
        PairedComparison.Verdict vsBaseline = PairedComparison.compare(scores, task.stepScores(task.baseline()), minGain, COMPARISON_SEED);
        boolean better;
        String reason;
        if (current == null) {
            better = vsBaseline.better();
            reason = (better ? "better than " : "not better than ") + frequencies + ", as no version was serving, on the held-out sequences: "
                    + vsBaseline.account();
        } else {
            PairedComparison.Verdict vsServing = PairedComparison.compare(scores, servingTask.stepScores(current.net()), minGain, COMPARISON_SEED);
            better = vsServing.better() && vsBaseline.better();
            if (!vsServing.better()) reason = "not better than the serving version on the held-out sequences: " + vsServing.account();
            else if (!vsBaseline.better()) reason = "not better than " + frequencies + " on the held-out sequences, though better than the "
                    + "serving version: " + vsBaseline.account();
            else reason = "better than the serving version on the held-out sequences: " + vsServing.account()
                    + String.format("; and than %s: p = %.3g", frequencies, vsBaseline.p());
        }
        return new Outcome(candidate, mine, theirs, better || force, force && !better ? reason + " (published anyway: --force)" : reason, result);
    }
}
