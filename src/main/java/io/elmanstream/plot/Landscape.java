package io.elmanstream.plot;

import io.elmanstream.model.ElmanNet;
import io.elmanstream.train.ElmanCost;
import io.elmanstream.train.Sequence;
import io.elmanstream.train.TutorialCost;

import java.util.List;

/**
 * The tutorial's figure: the cost as one weight sweeps a range with every other weight fixed, our
 * cost (the mean cross-entropy the trainer minimises, on labelled steps) beside the tutorial's own
 * (every step, the first one's target 0 included; NaN where an output saturates), on a sequence.
 *
 * @param values the weight's values, evenly spaced
 * @param ours   our cost at each value
 * @param tutorials the tutorial's cost at each value
 */
public record Landscape(int weight, double[] values, double[] ours, double[] tutorials) {

    /**
     * @param inputs  the sequence's inputs
     * @param targets each step's target; the tutorial's cost reads an unlabelled step as target 0
     */
    public static Landscape sweep(ElmanNet net, int weight, double from, double to, int points, int[] inputs, int[] targets) {
        if (weight < 0 || weight >= net.params().length) {
            throw new IllegalArgumentException("--weight must be 0.." + (net.params().length - 1) + ", got " + weight);
        }
        if (points < 2 || !(to > from)) throw new IllegalArgumentException("the range needs --to > --from and at least 2 points");
        double[] values = new double[points];
        double[] ours = new double[points];
        double[] tutorials = new double[points];
        int[] tutorialTargets = targets.clone();
        for (int t = 0; t < tutorialTargets.length; t++) if (tutorialTargets[t] == Sequence.UNLABELLED) tutorialTargets[t] = 0;
        ElmanCost cost = new ElmanCost(net.shape(), List.of(new Sequence(inputs, targets)));
        double[] grad = new double[net.params().length];
        for (int i = 0; i < points; i++) {
            values[i] = from + (to - from) * i / (points - 1);
            double[] w = net.params().clone();
            w[weight] = values[i];
            ours[i] = cost.evaluate(w, grad);
            tutorials[i] = TutorialCost.cost(new ElmanNet(net.shape(), w), inputs, tutorialTargets);
        }
        return new Landscape(weight, values, ours, tutorials);
    }
}
