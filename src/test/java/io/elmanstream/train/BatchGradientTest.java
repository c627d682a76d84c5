package io.elmanstream.train;

import io.elmanstream.model.Activation;
import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.InputEncoding;
import io.elmanstream.model.NetShape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Streams side by side as matrix products give what each stream's own backpropagation gives, summed. */
class BatchGradientTest {

    @ParameterizedTest
    @ValueSource(strings = {"text", "bits", "hello"})
    void equalsThePerStreamGradientSummed(String kind) {
        NetShape shape = switch (kind) {
            case "text" -> new NetShape(11, 17, 11, InputEncoding.ONE_HOT, Activation.TANH, Activation.SOFTMAX);
            case "bits" -> new NetShape(1, 5, 1, InputEncoding.BIT, Activation.SIGMOID, Activation.SIGMOID);
            default -> new NetShape(4, 10, 4, InputEncoding.ONE_HOT, Activation.SIGMOID, Activation.SOFTMAX);
        };
        Random rnd = new Random(kind.hashCode());
        double[] w = new double[shape.paramCount()];
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextGaussian() * 0.5;
        int vocab = shape.encoding() == InputEncoding.BIT ? 2 : shape.numIn();
        int[] x = new int[400];
        int[] y = new int[400];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextInt(vocab);
            y[i] = i % 7 == 3 ? Sequence.UNLABELLED : rnd.nextInt(vocab); // some steps carry no target
        }
        int streams = 6;
        int len = 13;
        int[] starts = {0, 50, 101, 170, 260, 333};
        double[][] hidden = new double[streams][shape.numHid()];
        double[][] expectedHidden = new double[streams][shape.numHid()];
        for (int b = 0; b < streams; b++) {
            for (int j = 0; j < shape.numHid(); j++) hidden[b][j] = expectedHidden[b][j] = rnd.nextGaussian() * 0.3;
        }
        double scale = 1.0 / (len * streams);
        double[][] start = Arrays.stream(hidden).map(double[]::clone).toArray(double[][]::new);

        double[] expected = new double[w.length];
        double expectedLoss = 0;
        SequenceGradient one = new SequenceGradient(shape);
        ElmanNet net = new ElmanNet(shape, w);
        for (int b = 0; b < streams; b++) {
            expectedLoss += one.accumulate(net, x, y, starts[b], starts[b] + len, expectedHidden[b], scale, expected, expectedHidden[b]);
        }
        double[] grad = new double[w.length];
        BatchGradient batch = new BatchGradient(shape, streams);
        // twice, the second time on a shorter chunk: scratch reused and resized must not leak between calls
        batch.load(w);
        batch.accumulate(x, y, starts, len + 4, Arrays.stream(hidden).map(double[]::clone).toArray(double[][]::new), scale, new double[w.length]);
        double loss = batch.accumulate(x, y, starts, len, hidden, scale, grad);

        assertClose(expectedLoss, expected, expectedHidden, loss, grad, hidden);

        // and the benchmark's EJML baseline computes the same
        double[][] hiddenE = Arrays.stream(start).map(double[]::clone).toArray(double[][]::new);
        double[] gradE = new double[w.length];
        double lossE = new EjmlBatchGradient(shape, streams).accumulate(w, x, y, starts, len, hiddenE, scale, gradE);
        assertClose(expectedLoss, expected, expectedHidden, lossE, gradE, hiddenE);

        // float training: the same to float's rounding (relative 6e-8 an operation, a few hundred operations deep)
        double[][] hiddenF = Arrays.stream(start).map(double[]::clone).toArray(double[][]::new);
        double[] gradF = new double[w.length];
        FloatBatchGradient f = new FloatBatchGradient(shape, streams);
        f.load(w);
        f.accumulate(x, y, starts, len + 4, Arrays.stream(start).map(double[]::clone).toArray(double[][]::new), scale, new double[w.length]);
        double lossF = f.accumulate(x, y, starts, len, hiddenF, scale, gradF);
        assertClose(expectedLoss, expected, expectedHidden, lossF, gradF, hiddenF, 1e-5, 1e-5);
        double[][] hiddenL = Arrays.stream(start).map(double[]::clone).toArray(double[][]::new);
        assertEquals(lossF, f.loss(x, y, starts, len, hiddenL), 0, "the forward pass alone gives the same loss");
        assertArrayEquals(hiddenF[0], hiddenL[0], 0);
    }

    private static void assertClose(double expectedLoss, double[] expected, double[][] expectedHidden, double loss, double[] grad, double[][] hidden) {
        assertClose(expectedLoss, expected, expectedHidden, loss, grad, hidden, 1e-12, 1e-14);
    }

    private static void assertClose(double expectedLoss, double[] expected, double[][] expectedHidden, double loss, double[] grad, double[][] hidden,
                                    double relative, double hiddenTolerance) {
        assertEquals(expectedLoss, loss, relative * Math.abs(expectedLoss));
        double norm = 0;
        for (double g : expected) norm = Math.max(norm, Math.abs(g));
        for (int i = 0; i < grad.length; i++) assertEquals(expected[i], grad[i], relative * norm, "gradient " + i);
        for (int b = 0; b < hidden.length; b++) {
            for (int j = 0; j < hidden[b].length; j++) assertEquals(expectedHidden[b][j], hidden[b][j], hiddenTolerance, "hidden state carried out");
        }
    }
}
