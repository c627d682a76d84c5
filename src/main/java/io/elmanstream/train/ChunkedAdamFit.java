package io.elmanstream.train;

import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.NetShape;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Minibatch training for long texts, as in min-char-rnn but batched: the text is cut into
 * {@code streams} contiguous parts read side by side; each update backpropagates through the next
 * {@code chunk} characters of every part (truncated BPTT), carrying each part's hidden state into
 * its next chunk; each pass moves the chunk boundaries on ({@link #SHIFT}). Gradients are
 * averaged, clipped by norm, and applied with Adam. The parts are dealt into groups computed side
 * by side as matrix products ({@link GroupedGradient}: in float by default, in double on request),
 * run on the available cores and summed in a fixed order: the result is the same bit for bit on
 * any number of cores.
 */
public record ChunkedAdamFit(NetShape shape, int[] text, int streams, int chunk, int epochs,
                             double learningRate, double clipNorm, Budget budget, Arithmetic arithmetic, double dropout) implements Fitter {

    /**
     * Training for a wall-time budget instead of a number of epochs: passes over the text until the
     * time is up, scoring the held-out text regularly (at most a tenth of the time goes to it),
     * halving the step size when the held-out loss has not improved for {@code patience} scores,
     * going back to the best weights (with half the step and fresh moments) when a score is
     * {@link Scoring#DIVERGED} worse than the best, and ending with the weights that scored best.
     * The history records every score.
     */
    public record Budget(Duration time, int[] heldOut, int patience, LossHistory history, AtomicBoolean stop) {
    }

    /** The text trainer's parts read side by side and steps backpropagated per update. */
    public static final int STREAMS = 32;
    public static final int CHUNK = 25;

    public ChunkedAdamFit(NetShape shape, int[] text, int streams, int chunk, int epochs, double learningRate, double clipNorm) {
        this(shape, text, streams, chunk, epochs, learningRate, clipNorm, null, Arithmetic.FLOAT32, 0);
    }

    public ChunkedAdamFit {
        if (text.length < 2) throw new IllegalArgumentException("text too short to train on");
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("dropout must be at least 0 and below 1, not " + dropout);
        if (dropout > 0 && arithmetic != Arithmetic.FLOAT32) throw new IllegalArgumentException("dropout is trained in float32 only");
        // enough chunks per pass for Adam to make progress on short texts: at least ~50 updates an epoch
        streams = Math.max(1, Math.min(streams, (text.length - 1) / Math.max(1, chunk * 50)));
    }

    @Override
    public String name() {
        return String.format("Adam (lr %.4g, %d streams x %d-step truncated BPTT, clip %.1f, %s%s, %s)", learningRate, streams, chunk, clipNorm,
                arithmetic.jsonName(), dropout > 0 ? String.format(", dropout %.2f", dropout) : "",
                budget == null ? epochs + " epochs" : "for " + budget.time().toSeconds() + " s, step falling to 0 by the deadline (cosine) and halved after "
                        + budget.patience() + " scores without gain, best held-out weights kept");
    }

    @Override
    public OptimizerResult fit(double[] params, Progress progress) {
        final int n = params.length;
        final int partLen = (text.length - 1) / streams;
        double[][] hidden = new double[streams][shape.numHid()];
        int[] starts = new int[streams];
        GroupedGradient gradient = new GroupedGradient(shape, streams, arithmetic, dropout);
        int[] targets = new int[text.length];
        System.arraycopy(text, 1, targets, 0, text.length - 1);
        Adam adam = new Adam(n, learningRate, clipNorm);
        double[] grad = new double[n];
        long step = 0;
        long seen = 0; // characters trained on: an epoch's first and last chunks can be shorter than the others
        long totalSteps = budget == null ? 0 : Long.MAX_VALUE;
        for (int e = 0; budget == null && e < epochs; e++) totalSteps += updates(partLen, chunk, shift(e, chunk));
        long started = System.nanoTime();
        long deadline = budget == null ? Long.MAX_VALUE : started + budget.time().toNanos();
        Scoring scoring = budget == null ? null : new Scoring(budget, params, started);
        double smoothLoss = Math.log(shape.numOut());
        double epochLoss = 0;
        long epochSteps = 0;
        int epoch;
        for (epoch = 0; budget == null ? epoch < epochs : running(deadline); epoch++) {
            epochLoss = 0;
            epochSteps = 0;
            for (double[] h : hidden) Arrays.fill(h, 0);
            final int shift = shift(epoch, chunk);
            for (int off = 0, len; off < partLen && running(deadline); off += len) {
                len = Math.min(off == 0 && shift > 0 ? shift : chunk, partLen - off);
                for (int b = 0; b < streams; b++) starts[b] = b * partLen + off;
                gradient.load(params);
                double loss = gradient.gradient(text, targets, starts, len, hidden, 1.0 / ((double) len * streams), grad);
                if (scoring != null) adam.learningRate(scoring.rate(System.nanoTime()));
                adam.step(params, grad);
                step++;
                seen += (long) len * streams;
                if (scoring != null && scoring.due()) scoring.score(seen, smoothLoss, adam);
                epochLoss += loss;
                epochSteps += (long) len * streams;
                smoothLoss = 0.95 * smoothLoss + 0.05 * loss / ((double) len * streams);
                if (budget != null && step % 20 == 0) {
                    long elapsed = System.nanoTime() - started;
                    progress.update(elapsed / 1_000_000, budget.time().toMillis(), String.format("ms of the budget; %,.0f characters/s; epoch %d "
                            + "loss %.3f, held out best %.3f, lr %.2g", seen / (elapsed / 1e9), epoch + 1, smoothLoss,
                            scoring.best, adam.learningRate()));
                } else if (step % 20 == 0 || step == totalSteps) {
                    progress.update(step, totalSteps, String.format("updates; %,.0f characters/s; epoch %d/%d loss %.3f",
                            seen / ((System.nanoTime() - started) / 1e9), epoch + 1, epochs, smoothLoss));
                }
            }
        }
        if (scoring != null) {
            boolean stopped = budget.stop().get();
            scoring.score(seen, smoothLoss, adam);
            System.arraycopy(scoring.bestParams, 0, params, 0, n);
            // the estimates chose the weights; the result is their exact score, the held-out text as one sequence
            double exact = SequenceScore.of(new ElmanNet(shape, params.clone()), List.of(Sequence.nextSymbol(budget.heldOut()))).crossEntropy();
            return new OptimizerResult(exact, (int) step, (int) step, String.format("%s: %d epochs begun, best held-out loss %.4f nats/char",
                    stopped ? String.format("stopped after %.0f s of the %d s budget", (System.nanoTime() - started) / 1e9, budget.time().toSeconds())
                            : "time budget of " + budget.time().toSeconds() + " s used", epoch, exact));
        }
        // the reported cost is the mean training loss over the last epoch (measured while it trained)
        return new OptimizerResult(epochLoss / Math.max(1, epochSteps), (int) step, (int) step, epochs + " epochs done");
    }

    /**
     * Steps each pass moves the chunk boundaries on from the last pass's (pass e's first chunk is
     * 7e mod chunk steps long): prime to the trainer's 25-step chunk, so that over 25 passes every alignment comes
     * once and a long run does not backpropagate through the same windows of the text every pass.
     * Measured: 150 s at 256 units ends 0.012 nats/char better with it (docs/BENCHMARKS.md).
     */
    static final int SHIFT = 7;

    /** The length of pass {@code epoch}'s first chunk when shorter than the rest (0: a whole chunk). */
    static int shift(int epoch, int chunk) {
        return (int) ((long) SHIFT * epoch % chunk);
    }

    /** Updates in a pass over parts of {@code partLen} steps whose first chunk is {@code shift} steps (0: a whole chunk). */
    static long updates(int partLen, int chunk, int shift) {
        if (shift == 0 || shift >= partLen) return (partLen + chunk - 1) / chunk;
        return 1 + (partLen - shift + chunk - 1) / chunk;
    }

    /** What a held-out score means for a budgeted run. */
    enum Verdict {
        /** The best so far (by at least 1e-4 nats): keep these weights. */
        BEST,
        /** {@link Scoring#DIVERGED} worse than the best: go back to the best weights, with half the step and fresh moments. */
        BLOW_UP,
        /** The {@code patience}-th score in a row without a gain: halve the step. */
        STALLED,
        NONE
    }

    /** The verdict on {@code loss} after {@code stalled} scores without a gain on {@code best}. */
    static Verdict verdict(double loss, double best, int stalled, int patience) {
        if (loss < best - 1e-4) return Verdict.BEST;
        if (loss > best + Scoring.DIVERGED) return Verdict.BLOW_UP;
        return stalled + 1 >= patience ? Verdict.STALLED : Verdict.NONE;
    }

    /** Whether to go on: before the deadline and not asked to stop (with no budget, always). */
    private boolean running(long deadline) {
        return System.nanoTime() < deadline && (budget == null || !budget.stop().get());
    }

    /**
     * Held-out scoring under a time budget: when to score, the best weights so far, and the step
     * size: the given rate, halved whenever the held-out loss stalls, times a cosine that falls
     * from 1 to 0 over the budget (a schedule that ends at the deadline settles into a minimum
     * instead of stopping mid-stride). While training, the held-out text is scored as
     * up to {@link Scoring#PARTS} parts side by side, each from a zero context, which is several
     * times faster than one sequence and differs from it by the few steps each part starts without
     * context; the weights that scored best get the exact score at the end.
     */
    private final class Scoring {
        static final int PARTS = 32;
        /** Parts at least this long: the steps that start without context stay a small share. */
        static final int MIN_PART = 2_000;
        static final int STEPS = 100;
        /**
         * A score this much worse than the best is a blow-up, not noise: 384 units at Adam's step
         * of 0.003 were seen to jump from 1.76 to 2.02 nats/char two minutes into ten, and the
         * run, halving its step and going on from there, ended at 1.666 where one without the
         * jump reached 1.580. Going back to the best weights loses one interval between scores.
         */
        static final double DIVERGED = 0.1;
        final Budget budget;
        final double[] params;
        final double[] bestParams;
        final long started;
        final int[] targets;
        final int count;
        final int partLen;
        /**
         * How much of each part a score reads: all of it, unless that makes one score cost more than
         * a tenth of the interval between scores (then cut once, after the first score, so that every
         * score of the curve reads the same characters and scores compare).
         */
        int scoredLen;
        final GroupedGradient parts;
        final int[] starts;
        final double[][] hidden;
        double rate = learningRate;
        double best = Double.POSITIVE_INFINITY;
        int stalled;
        long lastScore;
        long lastCost;

        Scoring(Budget budget, double[] params, long started) {
            this.budget = budget;
            this.params = params;
            this.bestParams = params.clone();
            this.started = started;
            this.lastScore = started;
            int[] text = budget.heldOut();
            targets = Arrays.copyOfRange(text, 1, text.length + 1);
            targets[text.length - 1] = Sequence.UNLABELLED;
            count = Math.max(1, Math.min(PARTS, (text.length - 1) / MIN_PART));
            partLen = (text.length - 1) / count;
            scoredLen = partLen;
            parts = new GroupedGradient(shape, count, arithmetic, 0);
            starts = new int[count];
            hidden = new double[count][shape.numHid()];
        }

        /** The step size at {@code now}. */
        double rate(long now) {
            double f = Math.min(1, (now - started) / (double) budget.time().toNanos());
            return rate * 0.5 * (1 + Math.cos(Math.PI * f));
        }

        /** Scores in a budget, at least: a learning curve of any budget has this many points. */
        static final int SCORES = 25;

        /** Time to score: every 1/SCORES of the budget. */
        boolean due() {
            return System.nanoTime() - lastScore >= budget.time().toNanos() / SCORES;
        }

        /** The held-out loss per step, the parts scored side by side on the available cores. */
        double estimate() {
            parts.load(params);
            for (double[] h : hidden) Arrays.fill(h, 0);
            double sum = 0;
            for (int off = 0; off < scoredLen; off += STEPS) {
                for (int p = 0; p < count; p++) starts[p] = p * partLen + off;
                sum += parts.loss(budget.heldOut(), targets, starts, Math.min(STEPS, scoredLen - off), hidden);
            }
            return sum / ((double) scoredLen * count);
        }

        void score(long symbols, double trainingLoss, Adam adam) {
            long t0 = System.nanoTime();
            double loss = estimate();
            lastScore = System.nanoTime();
            lastCost = lastScore - t0;
            long allowed = budget.time().toNanos() / SCORES / 10;
            if (budget.history().points().isEmpty() && lastCost > allowed && scoredLen == partLen) {
                // too dear to score often enough: read a share of each part from now on, this score included
                scoredLen = Math.max(STEPS, (int) (partLen * (double) allowed / lastCost));
                loss = estimate();
                lastScore = System.nanoTime();
            }
            budget.history().add(new LossHistory.Point(symbols, (lastScore - started) / 1e9, trainingLoss, loss, adam.learningRate()));
            switch (verdict(loss, best, stalled, budget.patience())) {
                case BEST -> {
                    best = loss;
                    System.arraycopy(params, 0, bestParams, 0, params.length);
                    stalled = 0;
                }
                case BLOW_UP -> {
                    System.arraycopy(bestParams, 0, params, 0, params.length);
                    adam.restart();
                    rate /= 2;
                    stalled = 0;
                }
                case STALLED -> {
                    rate /= 2;
                    stalled = 0;
                }
                case NONE -> stalled++;
            }
        }
    }
}
