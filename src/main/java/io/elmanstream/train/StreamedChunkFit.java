package io.elmanstream.train;

import io.elmanstream.model.NetShape;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Minibatch training of a next-symbol net on data that is read, not held: each epoch asks the
 * source for its chunks again (windows of symbols of one sequence, in the order the source keeps),
 * gathers {@code batch} of them, and takes one Adam step on their mean cross-entropy, each chunk
 * backpropagated from a zero context. Memory is the batch and the net, whatever the data's size.
 * The batch's chunks are the text trainer's streams side by side ({@link ChunkGradient}, the same
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
        Batch scratch = new Batch(ChunkGradient.groups(batch), params.length);
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

    /** The scratch of a batch: chunk i goes to group i % groups, each group's chunks side by side in one {@link ChunkGradient}. */
    private final class Batch {
        final int groups;
        final int perGroup;
        final ChunkGradient[] gradients;
        final double[][] grads;
        final double[] losses;
        final double[][][] hidden;
        final int[][] starts;
        int[][] x = new int[0][];
        int[][] y = new int[0][];

        Batch(int groups, int params) {
            this.groups = groups;
            this.perGroup = (batch + groups - 1) / groups;
            gradients = new ChunkGradient[groups];
            grads = new double[groups][params];
            losses = new double[groups];
            hidden = new double[groups][perGroup][shape.numHid()];
            starts = new int[groups][perGroup];
            for (int g = 0; g < groups; g++) gradients[g] = arithmetic.gradient(shape, perGroup);
        }

        /** The gradient of the mean cross-entropy of the first {@code count} chunks into {@code grad}; returns their summed loss. */
        double gradient(double[] params, int[][] chunks, int count, double[] grad) {
            int len = 0;
            long steps = 0;
            for (int i = 0; i < count; i++) {
                len = Math.max(len, chunks[i].length - 1);
                steps += chunks[i].length - 1;
            }
            if (x.length < groups || x[0].length < perGroup * len) {
                x = new int[groups][perGroup * len];
                y = new int[groups][perGroup * len];
            }
            for (int g = 0; g < groups; g++) {
                Arrays.fill(y[g], Sequence.UNLABELLED);
                Arrays.fill(x[g], 0);
                for (int k = 0; k < perGroup; k++) {
                    starts[g][k] = k * len;
                    int i = g + k * groups;
                    if (i >= count) continue;
                    int[] c = chunks[i];
                    System.arraycopy(c, 0, x[g], k * len, c.length - 1);
                    System.arraycopy(c, 1, y[g], k * len, c.length - 1);
                }
            }
            final int steps1 = len;
            final double scale = 1.0 / steps;
            IntStream.range(0, groups).parallel().forEach(g -> {
                Arrays.fill(grads[g], 0);
                for (double[] h : hidden[g]) Arrays.fill(h, 0);
                losses[g] = gradients[g].accumulate(params, x[g], y[g], starts[g], steps1, hidden[g], scale, grads[g]);
            });
            System.arraycopy(grads[0], 0, grad, 0, grad.length);
            double loss = losses[0];
            for (int g = 1; g < groups; g++) {
                loss += losses[g];
                for (int i = 0; i < grad.length; i++) grad[i] += grads[g][i];
            }
            return loss;
        }
    }
}
