package io.elmanstream.retrain;

import io.elmanstream.model.Activation;
import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.NetShape;
import io.elmanstream.train.Sequence;

import java.util.List;

/**
 * The trivial model a new one must beat: the best constant output, learnt by counting. For a label
 * model that is the training steps' label frequencies (its prediction is the majority label); for a
 * next-symbol model the unigram distribution of the training symbols. Built as a net of the task's
 * shape whose weights are all zero but the output biases, so it is scored by the same code, in the
 * same units, as the candidate. Counts start at one (Laplace), so no held-out symbol has probability 0.
 */
public final class ConstantBaseline {
    private ConstantBaseline() {
    }

    /** Classes a net of this shape tells apart: its output units, or 0 and 1 for a single unit. */
    public static int classes(NetShape shape) {
        return shape.numOut() == 1 ? 2 : shape.numOut();
    }

    /** The baseline of the targets of these sequences. */
    public static ElmanNet of(NetShape shape, List<Sequence> training) {
        long[] counts = new long[classes(shape)];
        for (Sequence s : training) {
            for (int target : s.targets()) if (target != Sequence.UNLABELLED) counts[target]++;
        }
        return fromCounts(shape, counts);
    }

    /** The baseline of these counts of each class (target index). */
    public static ElmanNet fromCounts(NetShape shape, long[] seen) {
        int classes = classes(shape);
        if (seen.length != classes) throw new IllegalArgumentException("expected counts of " + classes + " classes, got " + seen.length);
        double[] counts = new double[classes];
        double total = 0;
        for (int j = 0; j < classes; j++) {
            counts[j] = seen[j] + 1.0;
            total += counts[j];
        }
        double[] params = new double[shape.paramCount()];
        int bias = shape.outputBiasOffset();
        if (shape.numOut() == 1) {
            params[bias] = Math.log(counts[1] / counts[0]);                      // sigmoid(bias) = P(1)
        } else {
            for (int j = 0; j < classes; j++) {
                double p = counts[j] / total;
                // softmax(bias) = p; independent sigmoids: sigmoid(bias_j) = p_j
                params[bias + j] = shape.output() == Activation.SOFTMAX ? Math.log(p) : Math.log(p / (1 - p));
            }
        }
        return new ElmanNet(shape, params);
    }
}
