package io.elmanstream.train;

import io.elmanstream.model.Activation;
import io.elmanstream.model.AlertThreshold;
import io.elmanstream.model.Model;
import io.elmanstream.model.Objective;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A task paired with the fitter that suits it: L-BFGS on the whole data for small problems,
 * chunked minibatch Adam for long texts. The single place that turns "train task X on data Y" into
 * something the {@link Trainer} can run, shared by the command line and the retrain job.
 */
public record TrainingSetup(TrainingTask task, Fitter fitter, int maxAttempts) {

    /** Hidden units of the reference nets: the tutorial's 1/4/1 xor and 4/10/4 hello, and a 100-unit text net. */
    public static final int XOR_HIDDEN = 4;
    public static final int HELLO_HIDDEN = 10;
    public static final int TEXT_HIDDEN = 100;
    /** Fits tried before a training run reports failure. */
    public static final int DEFAULT_ATTEMPTS = 100;

    /** Texts up to this many characters are fitted full-batch with L-BFGS. */
    public static final int FULL_BATCH_LIMIT = 2_000;

    /** L-BFGS settings for small problems: stop once the mean cross-entropy is below 1e-3. */
    public static Lbfgs smallProblemLbfgs() {
        return new Lbfgs(10, 300, 1e-6, 1e-3);
    }

    public static TrainingSetup xor(int hidden, long seed, List<int[]> data, int maxAttempts) {
        XorTask task = data == null ? new XorTask(hidden, seed)
                : new XorTask(hidden, data, seed, "given bits: " + describe(data));
        return lbfgs(task, maxAttempts);
    }

    /** The reference xor task: random bit streams drawn from the seed, 4 hidden units. */
    public static TrainingSetup referenceXor(long seed) {
        return xor(XOR_HIDDEN, seed, null, DEFAULT_ATTEMPTS);
    }

    /** The tutorial's hello task: hell -> ello with 10 hidden units. */
    public static TrainingSetup referenceHello() {
        return hello(HELLO_HIDDEN, "hello", DEFAULT_ATTEMPTS);
    }

    public static TrainingSetup hello(int hidden, String word, int maxAttempts) {
        return lbfgs(new HelloTask(hidden, word), maxAttempts);
    }

    public static TrainingSetup text(String name, String text, int hidden, Activation hiddenActivation, String source,
                                     int epochs, double learningRate, int maxAttempts) {
        return text(name, text, hidden, hiddenActivation, source, epochs, learningRate, maxAttempts, Arithmetic.FLOAT32, 0);
    }

    public static TrainingSetup text(String name, String text, int hidden, Activation hiddenActivation, String source,
                                     int epochs, double learningRate, int maxAttempts, Arithmetic arithmetic, double dropout) {
        TextTask task = new TextTask(name, text, hidden, hiddenActivation, source);
        if (task.trainingSymbols().length <= FULL_BATCH_LIMIT) {
            if (dropout != 0) {
                throw new IllegalArgumentException("--dropout is for minibatch training: a text of up to " + FULL_BATCH_LIMIT
                        + " training characters is fitted whole, with L-BFGS");
            }
            return new TrainingSetup(task, new LbfgsFit(new ElmanCost(task.shape(), task.trainingData()),
                    new Lbfgs(10, 1000, 1e-6, Double.NEGATIVE_INFINITY)), maxAttempts);
        }
        return new TrainingSetup(task, new ChunkedAdamFit(task.shape(), task.trainingSymbols(), ChunkedAdamFit.STREAMS, ChunkedAdamFit.CHUNK, epochs,
                learningRate, 5.0, null, arithmetic, dropout), maxAttempts);
    }

    /**
     * Text training for a wall-time budget: minibatch Adam until the time is up, scored on the
     * held-out tenth as it goes, the best-scoring weights kept; the history gets every score.
     */
    public static TrainingSetup textForTime(String name, String text, int hidden, Activation hiddenActivation, String source,
                                            Duration budget, double learningRate, LossHistory history,
                                            AtomicBoolean stop, Arithmetic arithmetic, double dropout) {
        TextTask task = new TextTask(name, text, hidden, hiddenActivation, source);
        if (task.trainingSymbols().length <= FULL_BATCH_LIMIT) throw new IllegalArgumentException("--time-budget is for texts over " + FULL_BATCH_LIMIT + " characters");
        return new TrainingSetup(task, new ChunkedAdamFit(task.shape(), task.trainingSymbols(), ChunkedAdamFit.STREAMS, ChunkedAdamFit.CHUNK, 1,
                learningRate, 5.0, new ChunkedAdamFit.Budget(budget, task.heldOutSymbols(), 2, history, stop), arithmetic, dropout), 1);
    }

    public static TrainingSetup lbfgs(TrainingTask task, int maxAttempts) {
        return new TrainingSetup(task, new LbfgsFit(new ElmanCost(task.shape(), task.trainingData()), smallProblemLbfgs()), maxAttempts);
    }

    public Trainer.Result run(long seed, double[] warmStart, Progress progress) {
        return new Trainer(maxAttempts).train(task, fitter, seed, warmStart, progress);
    }

    /** Trains (without progress output) and wraps the result as a servable model. */
    public Model trainModel(long seed, String name, long version) {
        return toModel(run(seed, null, Progress.NONE), name, version);
    }

    /**
     * Wraps a training result as a servable model document, with the alert threshold measured on
     * the task's held-out sequences when it has enough of them.
     */
    public Model toModel(Trainer.Result result, String name, long version) {
        Model model = new Model(name, version, task.name(), task.objective(), task.vocabulary(), result.net(), result.report());
        List<Sequence> held = task.heldOutData();
        if (held.isEmpty()) return model;
        AlertThreshold threshold = AlertThreshold.measure(model, held.stream().map(Sequence::inputs).toList(),
                task.objective() == Objective.LABEL ? held.stream().map(Sequence::targets).toList() : null,
                AlertThreshold.DEFAULT_WINDOW, AlertThreshold.DEFAULT_QUANTILE);
        return threshold == null ? model : model.withReport(result.report().withAlert(threshold));
    }

    private static String describe(List<int[]> data) {
        return data.stream().map(b -> Arrays.toString(b).replaceAll("[\\[\\],]", "")).reduce((a, b) -> a + " | " + b).orElse("");
    }
}
