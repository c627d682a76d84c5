package io.elmanstream.train;

import io.elmanstream.model.ElmanNet;

import java.util.List;

/**
 * How well a net does on the labelled steps of some sequences, from one forward pass: how often
 * its most likely output is the target (a single sigmoid unit counts as 1 above 0.5) and the mean
 * cross-entropy, computed from the logits as in training.
 */
public record SequenceScore(long right, long steps, double crossEntropy) {

    public double accuracy() {
        return steps == 0 ? 0 : (double) right / steps;
    }

    public long wrong() {
        return steps - right;
    }

    public static SequenceScore of(ElmanNet net, List<Sequence> sequences) {
        StepScores s = StepScores.of(net, sequences);
        long right = 0;
        for (boolean r : s.right()) if (r) right++;
        return new SequenceScore(right, s.steps(), s.crossEntropy());
    }
}
