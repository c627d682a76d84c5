package io.elmanstream.retrain;

import io.elmanstream.model.Activation;
import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.InputEncoding;
import io.elmanstream.model.NetShape;
import io.elmanstream.train.Sequence;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The best constant output, by counting with one added to every class: what each output type then predicts, whatever the input. */
class ConstantBaselineTest {

    private static double[] outputs(ElmanNet net, int input) {
        return net.run(new int[]{input})[0];
    }

    @Test
    void aSoftmaxPredictsTheLaplaceSmoothedFrequencies() {
        NetShape shape = new NetShape(3, 5, 3, InputEncoding.ONE_HOT, Activation.TANH, Activation.SOFTMAX);
        ElmanNet net = ConstantBaseline.fromCounts(shape, new long[]{5, 0, 2});
        for (int input = 0; input < 3; input++) {
            double[] p = outputs(net, input);
            assertEquals(6 / 10.0, p[0], 1e-12);
            assertEquals(1 / 10.0, p[1], 1e-12, "a class never seen keeps the one it starts with");
            assertEquals(3 / 10.0, p[2], 1e-12);
        }
        assertEquals(3, ConstantBaseline.classes(shape));
    }

    @Test
    void independentSigmoidsPredictEachClassesFrequencyAndOneUnitTheShareOfOnes() {
        NetShape sigmoids = new NetShape(3, 4, 3, InputEncoding.ONE_HOT, Activation.SIGMOID, Activation.SIGMOID);
        double[] p = outputs(ConstantBaseline.fromCounts(sigmoids, new long[]{1, 3, 4}), 1);
        assertEquals(2 / 11.0, p[0], 1e-12);
        assertEquals(4 / 11.0, p[1], 1e-12);
        assertEquals(5 / 11.0, p[2], 1e-12);

        NetShape bit = new NetShape(1, 4, 1, InputEncoding.BIT, Activation.SIGMOID, Activation.SIGMOID);
        assertEquals(2, ConstantBaseline.classes(bit));
        assertEquals(7 / 10.0, outputs(ConstantBaseline.fromCounts(bit, new long[]{2, 6}), 0)[0], 1e-12, "P(1) = (6 + 1) / (8 + 2)");
        assertThrows(IllegalArgumentException.class, () -> ConstantBaseline.fromCounts(bit, new long[]{1, 2, 3}));
    }

    @Test
    void theCountsAreTheLabelledTargetsOfTheTrainingSequences() {
        NetShape shape = new NetShape(3, 5, 3, InputEncoding.ONE_HOT, Activation.TANH, Activation.SOFTMAX);
        List<Sequence> data = List.of(new Sequence(new int[]{0, 1, 2}, new int[]{2, Sequence.UNLABELLED, 2}), new Sequence(new int[]{1}, new int[]{0}));
        double[] p = outputs(ConstantBaseline.of(shape, data), 0);
        assertEquals(2 / 6.0, p[0], 1e-12);
        assertEquals(1 / 6.0, p[1], 1e-12);
        assertEquals(3 / 6.0, p[2], 1e-12);
    }
}
