package io.elmanstream.train;

import io.elmanstream.model.NetShape;
import io.elmanstream.model.RowProducts;

/**
 * One thread's gradient of a chunk of several streams side by side (row {@code t * streams + b}
 * is stream b at step t), in double ({@link BatchGradient}) or in float ({@link FloatBatchGradient}).
 * Holds the scratch of one thread; not thread-safe.
 */
interface ChunkGradient {

    /**
     * How many groups (each one {@code ChunkGradient}, run on the cores side by side) a chunk of
     * {@code streams} streams is dealt into: a fixed number, not the core count, so that a run is a
     * function of its seed on any machine ({@link ElmanCost#WORK_PARTS} at most), and groups of
     * at least {@link RowProducts#ROW_BLOCK} streams, so that each step of the recurrence is a
     * whole block of the float products (groups of 4 ran the Vector API kernel a row at a time).
     */
    static int groups(int streams) {
        return Math.max(1, Math.min(ElmanCost.WORK_PARTS, streams / RowProducts.ROW_BLOCK));
    }

    /**
     * Adds {@code scale} x the gradient of the summed cross-entropy of steps
     * [starts[b], starts[b] + len) of every stream b to {@code grad}. {@code hidden[b]} is stream
     * b's context before its first step and receives its last hidden state.
     *
     * @return the summed (unscaled) cross-entropy of the labelled steps
     */
    double accumulate(double[] w, int[] x, int[] y, int[] starts, int len, double[][] hidden, double scale, double[] grad);

    /** The forward pass alone: the summed cross-entropy, {@code hidden} carried in and out as for {@link #accumulate}. */
    double loss(double[] w, int[] x, int[] y, int[] starts, int len, double[][] hidden);
}
