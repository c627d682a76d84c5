package io.elmanstream.train;

import io.elmanstream.model.Activation;
import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.InputEncoding;
import io.elmanstream.model.NetShape;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our cost from logits stays finite and right where the tutorial's cost from probabilities breaks. */
class OutputLossTest {
    private static final NetShape ONE = new NetShape(1, 1, 1, InputEncoding.BIT, Activation.SIGMOID, Activation.SIGMOID);

    /** A 1-1-1 net whose output logit is {@code bias} whatever the input. */
    private static double[] outputBias(double bias) {
        double[] w = new double[ONE.paramCount()];
        w[ONE.outputBiasOffset()] = bias;
        return w;
    }

    private static double ours(double[] w, int target, double[] grad) {
        return new ElmanCost(ONE, List.of(new Sequence(new int[]{0}, new int[]{target}))).evaluate(w, grad);
    }

    @Test
    void saturatedWrongOutputCostsItsLogitWhereTheTutorialsIsInfinite() {
        double[] w = outputBias(800);   // sigmoid(800) is exactly 1.0 in double
        double[] grad = new double[w.length];
        assertEquals(800, ours(w, 0, grad), 1e-9);
        assertEquals(1.0, grad[ONE.outputBiasOffset()], 1e-12, "d cost / d bias = y - t");
        assertEquals(Double.POSITIVE_INFINITY, TutorialCost.cost(new ElmanNet(ONE, w), new int[]{0}, new int[]{0}));
    }

    @Test
    void saturatedRightOutputCostsNothingWhereTheTutorialsIsNaN() {
        double[] w = outputBias(-800);  // sigmoid(-800) is exactly 0: the tutorial's 0 * log 0
        double[] grad = new double[w.length];
        assertEquals(0, ours(w, 0, grad), 1e-300);
        assertEquals(0, grad[ONE.outputBiasOffset()], 1e-300);
        assertTrue(Double.isNaN(TutorialCost.cost(new ElmanNet(ONE, w), new int[]{0}, new int[]{0})));
    }

    @Test
    void whereBothAreFiniteTheyAgree() {
        double[] w = outputBias(1.5);
        double tutorial = TutorialCost.cost(new ElmanNet(ONE, w), new int[]{0}, new int[]{1});
        assertEquals(Math.log1p(Math.exp(-1.5)), tutorial, 1e-15);
        assertEquals(tutorial, ours(w, 1, new double[w.length]), 1e-15);
    }

    @Test
    void softmaxWithHugeLogitsStaysFinite() {
        double[] logits = {1000, -1000, 0};
        double loss = OutputLoss.lossAndDelta(Activation.SOFTMAX, logits, 3, 1, 1.0);
        assertEquals(2000, loss, 1e-9);
        assertEquals(1.0, logits[0], 1e-12);
        assertEquals(-1.0, logits[1], 1e-12);
    }
}
