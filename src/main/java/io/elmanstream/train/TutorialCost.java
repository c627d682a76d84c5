package io.elmanstream.train;

import io.elmanstream.model.ElmanNet;

import java.util.List;

/**
 * The tutorial's own cost, kept to compare against it: the mean over every step of a sequence (the
 * first one too, whose target the tutorial sets to 0) of the cross-entropy computed from output
 * probabilities, {@code -[y log p + (1 - y) log(1 - p)]}. Unlike {@link ElmanCost} it is NaN where an
 * output saturates to exactly 0 or 1 ({@code 0 * log 0}), as the tutorial's is; its gradient is the
 * tutorial's one-step gradient. For single-output (sigmoid) nets, as the tutorial's xor net.
 */
public final class TutorialCost {
    private TutorialCost() {
    }

    /** The tutorial's J for inputs {@code x} and targets {@code y} (every step labelled). */
    public static double cost(ElmanNet net, int[] x, int[] y) {
        if (net.shape().numOut() != 1) throw new IllegalArgumentException("the tutorial's cost is for one sigmoid output");
        double[][] p = net.run(x);
        double sum = 0;
        for (int t = 0; t < x.length; t++) sum += y[t] * Math.log(p[t][0]) + (1 - y[t]) * Math.log(1 - p[t][0]);
        return -sum / x.length;
    }

    /** The tutorial's gradient: backpropagation stopped at the context units, divided by the step count. */
    public static double[] oneStepGradient(ElmanNet net, int[] x, int[] y) {
        double[] grad = new double[net.shape().paramCount()];
        ElmanCost.withTutorialGradient(net.shape(), List.of(new Sequence(x, y))).evaluate(net.params(), grad);
        return grad;
    }
}
