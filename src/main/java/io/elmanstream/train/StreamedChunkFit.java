package io.elmanstream.train;

import io.elmanstream.model.NetShape;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Minibatch training of a next-symbol net on data that is read, not held: each epoch asks the
 * source for its chunks again (windows of symbols of one sequence, in the order the source keeps),
 * gathers {@code batch} of them, and takes one Adam step on their mean cross-entropy, each chunk
 * backpropagated from a zero context. Memory is the batch and the net, whatever the data's size.
 * The batch's chunks are the text trainer's streams side by side ({@link GroupedGradient}, the same
 * kernels, dealt into the same groups over the cores and summed in a fixed order); a chunk shorter
 * than the batch's longest is padded with unlabelled steps, which add nothing to loss or gradient.
 */
public record StreamedChunkFit(NetShape shape, ChunkSource source, int batch, int epochs, double learningRate, double clipNorm,
                               Arithmetic arithmetic) implements Fitter {

    /** In the default arithmetic, float. */
    public StreamedChunkFit(NetShape shape, ChunkSource source, int batch, int epochs, double learningRate, double clipNorm) {
        this(shape, source, batch, epochs, learningRate, clipNorm, Arithmetic.FLOAT32);
    }

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
        Batch scratch = new Batch();
        double[] grad = new double[params.length];
        int[][] pending = new int[batch][];
        double[] epochLoss = new double[2]; // loss, steps of the epoch
        for (int epoch = 0; epoch < epochs; epoch++) {
            Arrays.fill(epochLoss, 0);
            int[] filled = {0};
            int e = epoch;
            Runnable update = () -> {
                epochLoss[0] += scratch.gradient(params, pending, filled[0], grad);
                for (int i = 0; i < filled[0]; i++) epochLoss[1] += pending[i].length - 1;
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

    /** The scratch of a batch: its chunks are the streams of one {@link GroupedGradient}, each from a zero context. */
    private final class Batch {
        final GroupedGradient gradient = new GroupedGradient(shape, batch, arithmetic, 0);
        final double[][] hidden = new double[batch][shape.numHid()];
        final int[] starts = new int[batch];
        int[] x = new int[0];
        int[] y = new int[0];

        /** The gradient of the mean cross-entropy of the first {@code count} chunks into {@code grad}; returns their summed loss. */
        double gradient(double[] params, int[][] chunks, int count, double[] grad) {
            int len = 0;
            long steps = 0;
            for (int i = 0; i < count; i++) {
                len = Math.max(len, chunks[i].length - 1);
                steps += chunks[i].length - 1;
            }
            if (x.length < batch * len) {
                x = new int[batch * len];
                y = new int[batch * len];
            }
            Arrays.fill(x, 0);
            Arrays.fill(y, Sequence.UNLABELLED);
            for (int i = 0; i < batch; i++) {
                starts[i] = i * len;
                if (i >= count) continue;
                int[] c = chunks[i];
                System.arraycopy(c, 0, x, i * len, c.length - 1);
                System.arraycopy(c, 1, y, i * len, c.length - 1);
            }
            for (double[] h : hidden) Arrays.fill(h, 0);
            gradient.load(params);
            return gradient.gradient(x, y, starts, len, hidden, 1.0 / steps, grad);
        }
    }
}
