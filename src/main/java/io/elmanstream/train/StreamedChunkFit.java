package io.elmanstream.train;

import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.NetShape;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Minibatch training of a next-symbol net on data that is read, not held: each epoch asks the
 * source for its chunks again (windows of symbols of one sequence, in the order the source keeps),
 * gathers {@code batch} of them, and takes one Adam step on their mean cross-entropy, each chunk
 * backpropagated from a zero context. Memory is the batch and the net, whatever the data's size.
 */
public record StreamedChunkFit(NetShape shape, ChunkSource source, int batch, int epochs, double learningRate, double clipNorm)
        implements Fitter {

    /** Where the chunks come from: every chunk once per call, in a fixed order. */
    public interface ChunkSource {
        /** Passes each chunk (symbol indices, at least two: inputs, and the symbols that follow them) to {@code sink}. */
        void chunks(Consumer<int[]> sink, Progress progress);

        /** A line saying what the chunks are, for the training report. */
        String describe();
    }

    @Override
    public String name() {
        return String.format("streamed Adam (lr %.4g, batches of %d chunks, clip %.1f, %d epochs)", learningRate, batch, clipNorm, epochs);
    }

    @Override
    public OptimizerResult fit(double[] params, Progress progress) {
        Adam adam = new Adam(params.length, learningRate, clipNorm);
        SequenceGradient scratch = new SequenceGradient(shape);
        double[] grad = new double[params.length];
        double[] zeros = new double[shape.numHid()];
        double[] hEnd = new double[shape.numHid()];
        int[][] pending = new int[batch][];
        double[] epochLoss = new double[2]; // loss, steps of the epoch
        for (int epoch = 0; epoch < epochs; epoch++) {
            Arrays.fill(epochLoss, 0);
            int[] filled = {0};
            int e = epoch;
            Runnable update = () -> {
                long steps = 0;
                for (int i = 0; i < filled[0]; i++) steps += pending[i].length - 1;
                ElmanNet net = new ElmanNet(shape, params);
                Arrays.fill(grad, 0);
                for (int i = 0; i < filled[0]; i++) {
                    int[] c = pending[i];
                    int[] next = Arrays.copyOfRange(c, 1, c.length);
                    epochLoss[0] += scratch.accumulate(net, c, next, 0, c.length - 1, zeros, 1.0 / steps, grad, hEnd);
                }
                epochLoss[1] += steps;
                adam.step(params, grad);
                filled[0] = 0;
            };
            source.chunks(chunk -> {
                pending[filled[0]++] = chunk;
                if (filled[0] == batch) update.run();
            }, (done, total, what) -> progress.update(done, total, String.format("epoch %d/%d, %s, loss %.3f", e + 1, epochs, what,
                    epochLoss[1] == 0 ? Double.NaN : epochLoss[0] / epochLoss[1])));
            if (filled[0] > 0) update.run();
        }
        return new OptimizerResult(epochLoss[0] / Math.max(1, epochLoss[1]), (int) adam.steps(), (int) adam.steps(), epochs + " epochs done");
    }
}
