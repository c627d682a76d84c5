package io.elmanstream.batch;

import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.NetShape;
import io.elmanstream.train.ElmanCost;
import io.elmanstream.train.Sequence;

import java.util.List;

/** How well a net does on labelled steps: accuracy of its most likely output and mean cross-entropy. */
public record SequenceScore(long right, long steps, double crossEntropy) {

    public double accuracy() {
        return steps == 0 ? 0 : (double) right / steps;
    }

    public static SequenceScore of(ElmanNet net, List<Sequence> sequences) {
        NetShape s = net.shape();
        long right = 0, steps = 0;
        for (Sequence seq : sequences) {
            double[][] out = net.run(seq.inputs());
            for (int t = 0; t < seq.length(); t++) {
                int target = seq.targets()[t];
                if (target == Sequence.UNLABELLED) continue;
                steps++;
                int predicted;
                if (s.numOut() == 1) predicted = out[t][0] > 0.5 ? 1 : 0;
                else {
                    predicted = 0;
                    for (int j = 1; j < s.numOut(); j++) if (out[t][j] > out[t][predicted]) predicted = j;
                }
                if (predicted == target) right++;
            }
        }
        double ce = new ElmanCost(s, sequences).evaluate(net.params(), new double[s.paramCount()]);
        return new SequenceScore(right, steps, ce);
    }
}
