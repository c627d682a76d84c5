package io.elmanstream.train;

import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.NetShape;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Minibatch training for long texts, as in min-char-rnn but batched: the text is cut into
 * {@code streams} contiguous parts read side by side; each update backpropagates through the next
 * {@code chunk} characters of every part (truncated BPTT), carrying each part's hidden state into
 * its next chunk. Gradients are averaged, clipped by norm, and applied with Adam. The parts are
 * dealt into at most {@link ElmanCost#WORK_PARTS} groups, each with its own scratch and gradient
 * buffer, run on the available cores and summed in a fixed order: the result is the same bit for
 * bit on any number of cores.
 */
public record ChunkedAdamFit(NetShape shape, int[] text, int streams, int chunk, int epochs,
                             double learningRate, double clipNorm) implements Fitter {

    public ChunkedAdamFit {
        if (text.length < 2) throw new IllegalArgumentException("text too short to train on");
        // enough chunks per pass for Adam to make progress on short texts: at least ~50 updates an epoch
        streams = Math.max(1, Math.min(streams, (text.length - 1) / Math.max(1, chunk * 50)));
    }

    @Override
    public String name() {
        return String.format("Adam (lr %.4g, %d streams x %d-step truncated BPTT, clip %.1f, %d epochs)",
                learningRate, streams, chunk, clipNorm, epochs);
    }

    @Override
    public OptimizerResult fit(double[] params, Progress progress) {
        final int n = params.length;
        final int partLen = (text.length - 1) / streams;
        final int threads = Math.max(1, Math.min(ElmanCost.WORK_PARTS, streams));
        SequenceGradient[] scratch = new SequenceGradient[threads];
        double[][] grads = new double[threads][n];
        double[] losses = new double[threads];
        for (int i = 0; i < threads; i++) scratch[i] = new SequenceGradient(shape);
        double[][] hidden = new double[streams][shape.numHid()];
        int[] targets = new int[text.length];
        System.arraycopy(text, 1, targets, 0, text.length - 1);
        Adam adam = new Adam(n, learningRate, clipNorm);
        double[] grad = new double[n];
        long step = 0;
        long chunksPerEpoch = (partLen + chunk - 1) / chunk;
        long totalSteps = chunksPerEpoch * epochs;
        double smoothLoss = Math.log(shape.numOut());
        double epochLoss = 0;
        long epochSteps = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            epochLoss = 0;
            epochSteps = 0;
            for (double[] h : hidden) Arrays.fill(h, 0);
            for (int off = 0; off < partLen; off += chunk) {
                final int from = off;
                final int len = Math.min(chunk, partLen - off);
                final ElmanNet net = new ElmanNet(shape, params); // a snapshot of this step's weights
                IntStream.range(0, threads).parallel().forEach(th -> {
                    Arrays.fill(grads[th], 0);
                    double loss = 0;
                    for (int s = th; s < streams; s += threads) {
                        int start = s * partLen + from;
                        loss += scratch[th].accumulate(net, text, targets, start, start + len, hidden[s],
                                1.0 / ((double) len * streams), grads[th], hidden[s]);
                    }
                    losses[th] = loss;
                });
                double loss = 0;
                System.arraycopy(grads[0], 0, grad, 0, n);
                loss += losses[0];
                for (int th = 1; th < threads; th++) {
                    loss += losses[th];
                    for (int i = 0; i < n; i++) grad[i] += grads[th][i];
                }
                adam.step(params, grad);
                step++;
                epochLoss += loss;
                epochSteps += (long) len * streams;
                smoothLoss = 0.95 * smoothLoss + 0.05 * loss / ((double) len * streams);
                if (step % 20 == 0 || step == totalSteps) {
                    progress.update(step, totalSteps, String.format("epoch %d/%d loss %.3f", epoch + 1, epochs, smoothLoss));
                }
            }
        }
        // the reported cost is the mean training loss over the last epoch (measured while it trained)
        return new OptimizerResult(epochLoss / Math.max(1, epochSteps), (int) step, (int) step, epochs + " epochs done");
    }
}
