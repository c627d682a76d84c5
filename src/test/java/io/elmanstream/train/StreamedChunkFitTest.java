package io.elmanstream.train;

import io.elmanstream.model.Activation;
import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.InputEncoding;
import io.elmanstream.model.NetShape;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Minibatch training from chunks that are handed over, not held: it learns, and asks for every chunk once per epoch. */
class StreamedChunkFitTest {
    /** "hello " over and over, cut into chunks of 7 symbols that share their boundary symbol. */
    private static final class Hellos implements StreamedChunkFit.ChunkSource {
        int passes;
        long chunksSeen;

        @Override
        public void chunks(Consumer<int[]> sink, Progress progress) {
            passes++;
            int[] word = {0, 1, 2, 2, 3, 4}; // h e l l o ' '
            for (int i = 0; i < 300; i++) {
                int[] c = new int[7];
                for (int t = 0; t < 7; t++) c[t] = word[(i * 6 + t) % 6];
                sink.accept(c);
                chunksSeen++;
            }
        }

        @Override
        public String describe() {
            return "hellos";
        }
    }

    @Test
    void learnsTheSequenceFromStreamedChunks() {
        NetShape shape = new NetShape(5, 10, 5, InputEncoding.ONE_HOT, Activation.SIGMOID, Activation.SOFTMAX);
        double[] params = new double[shape.paramCount()];
        Random rnd = new Random(3);
        for (int i = 0; i < params.length; i++) params[i] = rnd.nextGaussian() * 0.3;
        double[] copy = params.clone();
        Hellos data = new Hellos();
        OptimizerResult r = new StreamedChunkFit(shape, data, 16, 20, 0.02, 5.0).fit(params, Progress.NONE);
        assertEquals(20, data.passes, "one pass of the source per epoch");
        assertEquals(20 * 300, data.chunksSeen);
        assertEquals((int) Math.ceil(300 / 16.0) * 20, r.iterations(), "one Adam step per batch, the last batch of an epoch partial");
        assertTrue(r.cost() < 0.3, "mean cross-entropy of the last epoch: " + r.cost());
        // h e l l -> e l l o, from a zero context
        double[][] out = new ElmanNet(shape, params).run(new int[]{0, 1, 2, 2});
        int[] predicted = new int[4];
        for (int t = 0; t < 4; t++) for (int j = 1; j < 5; j++) if (out[t][j] > out[t][predicted[t]]) predicted[t] = j;
        assertArrayEquals(new int[]{1, 2, 2, 3}, predicted);
        double[] again = copy.clone();
        new StreamedChunkFit(shape, new Hellos(), 16, 20, 0.02, 5.0).fit(again, Progress.NONE);
        assertArrayEquals(params, again, 0.0, "same data, same start: same weights");
    }

    /** Chunks of different lengths, all in one batch: one update, from the batch's exact mean loss and gradient. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Arithmetic.class)
    void oneBatchIsOneStepAlongItsChunksMeanGradientPaddingAddsNothing(Arithmetic arithmetic) {
        NetShape shape = new NetShape(5, 7, 5, InputEncoding.ONE_HOT, Activation.TANH, Activation.SOFTMAX);
        Random rnd = new Random(9);
        int[][] chunks = new int[11][];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = new int[2 + rnd.nextInt(20)];
            for (int t = 0; t < chunks[i].length; t++) chunks[i][t] = rnd.nextInt(5);
        }
        double[] w = new double[shape.paramCount()];
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextGaussian() * 0.4;
        long steps = 0;
        for (int[] c : chunks) steps += c.length - 1;
        double[] grad = new double[w.length];
        double loss = 0;
        SequenceGradient g = new SequenceGradient(shape);
        ElmanNet net = new ElmanNet(shape, w);
        for (int[] c : chunks) {
            loss += g.accumulate(net, c, java.util.Arrays.copyOfRange(c, 1, c.length), 0, c.length - 1, null, 1.0 / steps, grad, null);
        }
        StreamedChunkFit.ChunkSource source = new StreamedChunkFit.ChunkSource() {
            @Override
            public void chunks(Consumer<int[]> sink, Progress progress) {
                for (int[] c : chunks) sink.accept(c);
            }

            @Override
            public String describe() {
                return "11 chunks";
            }
        };
        double[] params = w.clone();
        OptimizerResult r = new StreamedChunkFit(shape, source, 16, 1, 0.001, 1e9, arithmetic).fit(params, Progress.NONE);
        assertEquals(1, r.iterations());
        assertEquals(loss / steps, r.cost(), arithmetic == Arithmetic.FLOAT64 ? 1e-12 : 1e-6, "the mean loss of the batch's steps");
        // Adam's first step moves each weight by the step size against the sign of its gradient
        for (int i = 0; i < w.length; i++) {
            if (Math.abs(grad[i]) > 1e-4) assertEquals(-Math.signum(grad[i]) * 0.001, params[i] - w[i], 1e-6, "weight " + i);
        }
    }
}
