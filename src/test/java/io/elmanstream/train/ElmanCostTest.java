package io.elmanstream.train;

import io.elmanstream.model.Activation;
import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.InputEncoding;
import io.elmanstream.model.NetShape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The full-batch cost: the mean cross-entropy over every labelled step and its gradient, the same whether it runs on one core or in parts. */
class ElmanCostTest {
    private static final NetShape SHAPE = new NetShape(4, 9, 4, InputEncoding.ONE_HOT, Activation.TANH, Activation.SOFTMAX);

    /** @param sequences of 150 steps, some unlabelled: 10 run on one core, 80 (12,000 steps) in parts */
    @ParameterizedTest
    @ValueSource(ints = {10, 80})
    void isTheMeanOfEachSequencesOwnBackpropagation(int sequences) {
        Random rnd = new Random(sequences);
        List<Sequence> data = new ArrayList<>();
        for (int s = 0; s < sequences; s++) {
            int len = 100 + rnd.nextInt(100);
            int[] x = new int[len];
            int[] y = new int[len];
            for (int t = 0; t < len; t++) {
                x[t] = rnd.nextInt(4);
                y[t] = t % 5 == 0 ? Sequence.UNLABELLED : rnd.nextInt(4);
            }
            data.add(new Sequence(x, y));
        }
        double[] w = new double[SHAPE.paramCount()];
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextGaussian() * 0.4;
        long labelled = data.stream().mapToLong(Sequence::labelledSteps).sum();

        double[] expected = new double[w.length];
        double loss = 0;
        SequenceGradient one = new SequenceGradient(SHAPE);
        ElmanNet net = new ElmanNet(SHAPE, w);
        for (Sequence s : data) loss += one.accumulate(net, s.inputs(), s.targets(), 0, s.length(), null, 1.0 / labelled, expected, null);

        double[] grad = new double[w.length];
        java.util.Arrays.fill(grad, 7); // whatever was there is replaced
        ElmanCost cost = new ElmanCost(SHAPE, data);
        assertEquals(loss / labelled, cost.evaluate(w, grad), 1e-13);
        double norm = 0;
        for (double g : expected) norm = Math.max(norm, Math.abs(g));
        for (int i = 0; i < w.length; i++) assertEquals(expected[i], grad[i], 1e-13 * norm, "gradient " + i);
        assertEquals(loss / labelled, cost.evaluate(w, grad), 1e-13, "again, with the scratch reused");
        for (int i = 0; i < w.length; i++) assertEquals(expected[i], grad[i], 1e-13 * norm, "gradient " + i + " again");
    }

    @Test
    void dataWithoutALabelledStepIsRefused() {
        Sequence none = new Sequence(new int[]{1, 2}, new int[]{Sequence.UNLABELLED, Sequence.UNLABELLED});
        assertThrows(IllegalArgumentException.class, () -> new ElmanCost(SHAPE, List.of(none)));
    }
}
