package io.elmanstream.batch;

import io.elmanstream.model.Model;
import io.elmanstream.model.Objective;
import io.elmanstream.train.Progress;
import io.elmanstream.train.PairedComparison;
import io.elmanstream.train.SequenceScore;
import io.elmanstream.train.StreamedChunkFit;
import io.elmanstream.train.Trainer;
import io.elmanstream.train.TrainingSetup;

import java.util.List;

/**
 * Retrains a model from archived sequences: warm start from the serving model (when its layout
 * allows), then random restarts until the held-out keys reach the required accuracy; compares new
 * and serving model on the same held-out steps and decides whether to publish: only when the
 * candidate is better beyond noise ({@link PairedComparison}), unless forced. A model that does not
 * serve yet is created only when asked to.
 */
public final class RetrainJob {

    /** The outcome: the candidate model, both scores, and whether it should be published. */
    public record Outcome(Model candidate, SequenceScore candidateScore, SequenceScore currentScore, boolean publish,
                          String reason, Trainer.Result training) {
    }

    /** Seed of the bootstrap in the comparison: fixed, so that a decision can be repeated. */
    static final long COMPARISON_SEED = 20261126L;

    private final int hidden;
    private final int maxAttempts;
    private final long seed;

    public RetrainJob(int hidden, int maxAttempts, long seed) {
        this.hidden = hidden;
        this.maxAttempts = maxAttempts;
        this.seed = seed;
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
        SequenceScore theirs = servingTask == null ? null : servingTask.score(current.net());
        // a fit must match the serving model; with none, labelled tasks must be learnt perfectly on held-out keys (xor is)
        double required = theirs != null && current.net().shape().equals(data.shape()) ? theirs.accuracy()
                : data.objective() == Objective.LABEL ? 1.0 : 0.0;
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
        RetrainTask task = RetrainTask.heldOutOnly(name, census.heldOut(), census.symbols(), false, base, hidden, summary);
        RetrainTask servingTask = current == null ? null : base != null ? task
                : RetrainTask.heldOutOnly(name, census.heldOut(), census.symbols(), false, current, hidden, summary);
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
        boolean better;
        String reason;
        if (current == null) {
            better = true;
            reason = "a new model: no version was serving";
        } else {
            PairedComparison.Verdict v = PairedComparison.compare(task.stepScores(result.net()), servingTask.stepScores(current.net()),
                    COMPARISON_SEED);
            better = v.better();
            reason = (better ? "better than the serving version on the held-out steps, decided by " + v.measure() + ": "
                    : "not better than the serving version on the held-out steps: ") + v.account();
        }
        return new Outcome(candidate, mine, theirs, better || force, force && !better ? reason + " (published anyway: --force)" : reason, result);
    }
}
