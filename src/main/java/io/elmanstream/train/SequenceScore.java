package io.elmanstream.train;

import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.NetShape;

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
        NetShape s = net.shape();
        final int no = s.numOut();
        double[] h = new double[s.numHid()];
        double[] next = new double[s.numHid()];
        double[] logits = new double[no];
        long right = 0, steps = 0;
        double loss = 0;
        for (Sequence seq : sequences) {
            java.util.Arrays.fill(h, 0);
            for (int t = 0; t < seq.length(); t++) {
                net.stepLogits(h, seq.inputs()[t], next, logits);
                double[] swap = h;
                h = next;
                next = swap;
                int target = seq.targets()[t];
                if (target == Sequence.UNLABELLED) continue;
                steps++;
                // the most likely output, read off the logits (both activations are monotone)
                int predicted = 0;
                if (no == 1) predicted = logits[0] > 0 ? 1 : 0;
                else for (int j = 1; j < no; j++) if (logits[j] > logits[predicted]) predicted = j;
                if (predicted == target) right++;
                loss += OutputLoss.lossAndDelta(s.output(), logits, no, target, 0);
            }
        }
        return new SequenceScore(right, steps, steps == 0 ? 0 : loss / steps);
    }
}
