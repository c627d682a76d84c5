package io.elmanstream.train;

import io.elmanstream.model.Activation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputLossTest {

    @Test
    void saturatedSigmoidGivesFiniteCostWhereTheTutorialGivesNaN() {
        double[] logits = {800};            // sigmoid(800) == 1.0 exactly in double
        double tutorial = -(0 * Math.log(Activation.sigmoid(800)) + 1 * Math.log(1 - Activation.sigmoid(800)));
        double ours = OutputLoss.lossAndDelta(Activation.SIGMOID, logits, 1, 0, 1.0);
        assertTrue(Double.isInfinite(tutorial) || Double.isNaN(tutorial));
        assertEquals(800, ours, 1e-9);
        assertEquals(1.0, logits[0], 1e-12);   // delta y - t
    }

    @Test
    void tutorialZeroTimesLogZeroIsNaNButOursIsZero() {
        // the tutorial's y log(p) + (1 - y) log(1 - p) with p = sigmoid(-800) = 0 exactly and y = 0
        double p = Activation.sigmoid(-800);
        assertEquals(0.0, p);
        assertTrue(Double.isNaN(0 * Math.log(p)));
        double[] logits = {800, -800};
        double ours = OutputLoss.lossAndDelta(Activation.SIGMOID, logits, 2, 0, 1.0);
        assertEquals(0, ours, 1e-12);
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
