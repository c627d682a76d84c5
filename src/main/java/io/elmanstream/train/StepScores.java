package io.elmanstream.train;

import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.NetShape;

import java.util.Arrays;
import java.util.List;

/**
 * A net's outcome on every labelled step of some sequences, in order: right or not, and the step's
 * cross-entropy (from the logits, as in training); {@code sequenceEnds[s]} is one past the last step
 * of sequence {@code s}. What a paired comparison of two nets on the same steps needs.
 */
public record StepScores(boolean[] right, double[] loss, int[] sequenceEnds) {

    public int steps() {
        return right.length;
    }

    public double accuracy() {
        int r = 0;
        for (boolean b : right) if (b) r++;
        return right.length == 0 ? 0 : (double) r / right.length;
    }

    public double crossEntropy() {
        double s = 0;
        for (double l : loss) s += l;
        return loss.length == 0 ? 0 : s / loss.length;
    }

    public static StepScores of(ElmanNet net, List<Sequence> sequences) {
        int total = sequences.stream().mapToInt(Sequence::labelledSteps).sum();
        boolean[] right = new boolean[total];
        double[] loss = new double[total];
        int[] ends = new int[sequences.size()];
        NetShape s = net.shape();
        final int no = s.numOut();
        double[] h = new double[s.numHid()];
        double[] next = new double[s.numHid()];
        double[] logits = new double[no];
        int i = 0;
        for (int q = 0; q < sequences.size(); q++) {
            Sequence seq = sequences.get(q);
            Arrays.fill(h, 0);
            for (int t = 0; t < seq.length(); t++) {
                net.stepLogits(h, seq.inputs()[t], next, logits);
                double[] swap = h;
                h = next;
                next = swap;
                int target = seq.targets()[t];
                if (target == Sequence.UNLABELLED) continue;
                // the most likely output, read off the logits (both activations are monotone)
                int predicted = 0;
                if (no == 1) predicted = logits[0] > 0 ? 1 : 0;
                else for (int j = 1; j < no; j++) if (logits[j] > logits[predicted]) predicted = j;
                right[i] = predicted == target;
                loss[i] = OutputLoss.lossAndDelta(s.output(), logits, no, target, 0);
                i++;
            }
            ends[q] = i;
        }
        return new StepScores(right, loss, ends);
    }
}
