package io.elmanstream.train;

import io.elmanstream.model.NetShape;

/**
 * One thread's gradient of a chunk of several streams side by side (row {@code t * streams + b}
 * is stream b at step t), in double ({@link BatchGradient}) or in float ({@link FloatBatchGradient}),
 * at the weights last {@link #load loaded}. Holds the scratch of one thread; not thread-safe. A
 * step's groups run side by side in a {@link GroupedGradient}.
 */
interface ChunkGradient {

    /** Makes the passes that follow read the weights {@code w} (in {@link NetShape}'s layout). */
    void load(double[] w);

    /**
     * Adds {@code scale} x the gradient of the summed cross-entropy of steps
     * [starts[b], starts[b] + len) of every stream b to {@code grad}. {@code hidden[b]} is stream
     * b's context before its first step and receives its last hidden state.
     *
     * @return the summed (unscaled) cross-entropy of the labelled steps
     */
    double accumulate(int[] x, int[] y, int[] starts, int len, double[][] hidden, double scale, double[] grad);

    /** The forward pass alone: the summed cross-entropy, {@code hidden} carried in and out as for {@link #accumulate}. */
    double loss(int[] x, int[] y, int[] starts, int len, double[][] hidden);
}
