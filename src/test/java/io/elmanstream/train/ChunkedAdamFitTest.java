package io.elmanstream.train;

import io.elmanstream.model.Activation;
import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.InputEncoding;
import io.elmanstream.model.NetShape;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The text trainer's bookkeeping: the parts read side by side with their contexts carried from
 * chunk to chunk, and training for a time budget (held-out scores, the step falling to 0 at the
 * deadline, the best weights kept, a stop on request).
 */
class ChunkedAdamFitTest {
    private static final TextTask TASK = task();

    private static TextTask task() {
        try {
            return new TextTask("t", Files.readString(Path.of("src/test/resources/text/shakespeare-50k.txt")), 16, Activation.TANH, "test");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double[] initial(NetShape shape) {
        Random rnd = new Random(5);
        double[] w = new double[shape.paramCount()];
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextGaussian() * 0.3;
        return w;
    }

    @Test
    void everyPassMovesTheChunkBoundariesOnThroughEveryAlignment() {
        assertEquals(List.of(0, 7, 14, 21, 3), java.util.stream.IntStream.range(0, 5).map(e -> ChunkedAdamFit.shift(e, 25)).boxed().toList());
        assertEquals(25, java.util.stream.IntStream.range(0, 25).map(e -> ChunkedAdamFit.shift(e, 25)).distinct().count(), "25 passes, 25 alignments");
        assertEquals(0, ChunkedAdamFit.shift(25, 25));
        assertEquals(100, ChunkedAdamFit.updates(2_500, 25, 0));
        assertEquals(101, ChunkedAdamFit.updates(2_500, 25, 7), "a first chunk of 7, then 100 chunks of up to 25");
        assertEquals(4, ChunkedAdamFit.updates(76, 25, 0));
        assertEquals(4, ChunkedAdamFit.updates(76, 25, 1));
        assertEquals(5, ChunkedAdamFit.updates(77, 25, 1));
        assertEquals(1, ChunkedAdamFit.updates(5, 25, 7), "a part shorter than the shift is one chunk");
    }

    @Test
    void withAZeroStepTheEpochsLossIsEachPartsLossFromAZeroContextInBothArithmetics() {
        NetShape shape = new NetShape(4, 12, 4, InputEncoding.ONE_HOT, Activation.TANH, Activation.SOFTMAX);
        int[] text = new int[20_001];
        Random rnd = new Random(2);
        for (int i = 0; i < text.length; i++) text[i] = i % 3 == 0 ? rnd.nextInt(4) : (text[i - 1] + 1) % 4;
        double[] w = initial(shape);
        // 20,000 steps in 8 parts of 2,500, read 50 steps at a time: 50 updates, then 51 (a first chunk of 7 steps)
        List<Sequence> parts = new ArrayList<>();
        for (int b = 0; b < 8; b++) parts.add(Sequence.nextSymbol(Arrays.copyOfRange(text, b * 2_500, b * 2_500 + 2_501)));
        double expected = SequenceScore.of(new ElmanNet(shape, w), parts).crossEntropy();
        for (Arithmetic a : Arithmetic.values()) {
            double[] params = w.clone();
            ChunkedAdamFit fit = new ChunkedAdamFit(shape, text, 8, 50, 2, 0, 5.0, null, a, 0);
            assertEquals(8, fit.streams());
            List<String> notes = new ArrayList<>();
            OptimizerResult r = fit.fit(params, (done, total, note) -> notes.add(done + "/" + total + " " + note));
            assertEquals(expected, r.cost(), a == Arithmetic.FLOAT64 ? 1e-12 : 1e-6, a + ": the mean loss of the second epoch, from zero contexts again");
            assertEquals(101, r.iterations(), "one update per chunk of the parts, two epochs, the second's boundaries moved on");
            assertTrue(Arrays.equals(w, params), "a zero step changes nothing");
            assertTrue(fit.name().contains(a.jsonName()) && fit.name().contains("8 streams x 50-step") && fit.name().contains("2 epochs"), fit.name());
            assertEquals(List.of("20/101", "40/101", "60/101", "80/101", "100/101", "101/101"), notes.stream().map(n -> n.split(" ")[0]).toList(), "every 20 updates and the last");
            String last = notes.get(notes.size() - 1);
            assertTrue(last.contains("characters/s; epoch 2/2 loss "), last);
            double smooth = Double.parseDouble(last.substring(last.lastIndexOf(' ') + 1));
            assertEquals(expected, smooth, 0.05, "the smoothed loss follows the chunks' losses: " + last);
        }
    }

    @Test
    void floatTrainingReachesTheHeldOutLossOfDoubleTrainingAtEqualCharacters() {
        double[] heldOut = new double[2];
        for (Arithmetic a : Arithmetic.values()) {
            double[] params = initial(TASK.shape());
            new ChunkedAdamFit(TASK.shape(), TASK.trainingSymbols(), 32, 25, 3, 0.01, 5.0, null, a, 0).fit(params, Progress.NONE);
            heldOut[a.ordinal()] = SequenceScore.of(new ElmanNet(TASK.shape(), params), List.of(Sequence.nextSymbol(TASK.heldOutSymbols()))).crossEntropy();
        }
        assertTrue(heldOut[0] < 2.9, "it learnt (unigram 3.19): " + heldOut[0]);
        assertEquals(heldOut[1], heldOut[0], 0.01, "float32 within 0.01 nats/char of float64");
    }

    @Test
    void aShortTextIsReadInFewerPartsSoThatAnEpochHasFiftyUpdates() {
        NetShape shape = TASK.shape();
        assertEquals(1, new ChunkedAdamFit(shape, new int[2_000], 32, 25, 1, 0.01, 5).streams());
        assertEquals(3, new ChunkedAdamFit(shape, new int[3 * 25 * 50 + 1], 32, 25, 1, 0.01, 5).streams());
        assertEquals(32, new ChunkedAdamFit(shape, new int[1_000_000], 32, 25, 1, 0.01, 5).streams());
    }

    @Test
    void aBudgetScoresAsItGoesLowersTheStepToZeroAndKeepsTheBestWeights() {
        LossHistory history = new LossHistory();
        double[] params = initial(TASK.shape());
        double before = SequenceScore.of(new ElmanNet(TASK.shape(), params), List.of(Sequence.nextSymbol(TASK.heldOutSymbols()))).crossEntropy();
        ChunkedAdamFit fit = new ChunkedAdamFit(TASK.shape(), TASK.trainingSymbols(), 32, 25, 1, 0.01, 5.0,
                new ChunkedAdamFit.Budget(Duration.ofSeconds(2), TASK.heldOutSymbols(), 2, history, new AtomicBoolean()), Arithmetic.FLOAT32, 0);
        List<long[]> updates = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        OptimizerResult r = fit.fit(params, (done, total, note) -> {
            updates.add(new long[]{done, total});
            notes.add(note);
        });
        assertTrue(!updates.isEmpty() && updates.stream().allMatch(u -> u[1] == 2000 && u[0] >= 0 && u[0] <= 2200), "milliseconds of the 2,000 ms budget");
        assertTrue(notes.get(notes.size() - 1).matches("ms of the budget; [\\d,]+ characters/s; epoch \\d+ loss \\d\\.\\d{3}, held out best \\d\\.\\d{3}, lr .*"),
                notes.get(notes.size() - 1));
        double after = SequenceScore.of(new ElmanNet(TASK.shape(), params), List.of(Sequence.nextSymbol(TASK.heldOutSymbols()))).crossEntropy();
        assertEquals(after, r.cost(), 1e-12, "the result is the kept weights' exact held-out score");
        assertTrue(after < before - 0.5, "it learnt: " + before + " -> " + after);
        List<LossHistory.Point> points = history.points();
        assertTrue(points.size() >= 10, "scored about every 1/25 of the budget: " + points.size());
        double best = points.stream().mapToDouble(LossHistory.Point::heldOut).min().orElseThrow();
        assertEquals(best, after, 0.1, "the kept weights are the best-scoring ones (the scores are estimates)");
        for (int i = 1; i < points.size(); i++) {
            // the final score can follow the last one without an update between them
            assertTrue(points.get(i).symbols() >= points.get(i - 1).symbols(), "characters seen never fall: " + points);
            assertTrue(points.get(i).learningRate() <= points.get(i - 1).learningRate(), "the step only falls");
        }
        assertTrue(points.get(points.size() - 1).symbols() > points.get(0).symbols(), "characters seen grow");
        assertTrue(points.get(0).learningRate() > 0.005 && points.get(points.size() - 1).learningRate() < 0.001,
                "a cosine from 0.01 to 0 at the deadline: " + points.get(0) + " ... " + points.get(points.size() - 1));
        assertTrue(r.stopReason().startsWith("time budget of 2 s used"), r.stopReason());
        assertEquals(0, points.get(points.size() - 1).symbols() % 32, "whole updates of 32 parts: " + points.get(points.size() - 1));
        assertTrue(fit.name().contains("for 2 s"), fit.name());
    }

    @Test
    void aScoreKeepsTheWeightsHalvesTheStepOrGoesBack() {
        assertEquals(ChunkedAdamFit.Verdict.BEST, ChunkedAdamFit.verdict(1.5, Double.POSITIVE_INFINITY, 0, 2));
        assertEquals(ChunkedAdamFit.Verdict.BEST, ChunkedAdamFit.verdict(1.59985, 1.6, 1, 2));
        assertEquals(ChunkedAdamFit.Verdict.NONE, ChunkedAdamFit.verdict(1.59995, 1.6, 0, 2), "a gain under 1e-4 is none");
        assertEquals(ChunkedAdamFit.Verdict.STALLED, ChunkedAdamFit.verdict(1.59995, 1.6, 1, 2), "the second score without a gain");
        assertEquals(ChunkedAdamFit.Verdict.STALLED, ChunkedAdamFit.verdict(1.69, 1.6, 1, 2), "worse, within noise");
        assertEquals(ChunkedAdamFit.Verdict.NONE, ChunkedAdamFit.verdict(1.69, 1.6, 1, 3));
        assertEquals(ChunkedAdamFit.Verdict.BLOW_UP, ChunkedAdamFit.verdict(1.71, 1.6, 0, 2), "0.1 worse than the best: a blow-up");
        assertEquals(ChunkedAdamFit.Verdict.BLOW_UP, ChunkedAdamFit.verdict(2.02, 1.76, 1, 2));
        Adam adam = new Adam(1, 0.1, 100);
        double[] p = {0};
        adam.step(p, new double[]{1});
        assertEquals(-0.1, p[0], 1e-7, "the first step of Adam is the step size along the sign");
        adam.step(p, new double[]{-1});
        adam.restart();
        double before = p[0];
        adam.step(p, new double[]{-1});
        assertEquals(before + 0.1, p[0], 1e-7, "after a restart the next step is a first step again");
        assertEquals(3, adam.steps(), "the steps taken still count");
    }

    @Test
    void aStopRequestEndsTheRunWithTheWeightsScoredSoFar() {
        LossHistory history = new LossHistory();
        double[] params = initial(TASK.shape());
        double[] start = params.clone();
        AtomicBoolean stop = new AtomicBoolean(true);
        OptimizerResult r = new ChunkedAdamFit(TASK.shape(), TASK.trainingSymbols(), 32, 25, 1, 0.01, 5.0,
                new ChunkedAdamFit.Budget(Duration.ofMinutes(10), TASK.heldOutSymbols(), 2, history, stop), Arithmetic.FLOAT32, 0).fit(params, Progress.NONE);
        assertTrue(r.stopReason().startsWith("stopped after"), r.stopReason());
        assertEquals(0, r.iterations());
        assertEquals(1, history.points().size(), "one score, of the weights it has");
        assertTrue(Arrays.equals(start, params));
    }
}
