package io.elmanstream.train;

import io.elmanstream.model.NetShape;
import io.elmanstream.model.RowProducts;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A step's chunk gradient over many streams: stream s goes to group {@code s % groups}, each
 * group's streams side by side in one {@link ChunkGradient}; the groups run on the cores side by
 * side and their gradients are summed in a fixed order, so that the result is the same bits on any
 * number of cores. The float groups read one shared rounding of the weights ({@link FloatWeights}),
 * made once per {@link #load}.
 */
final class GroupedGradient {
    private final ChunkGradient[] groups;
    /** The float groups' shared weights; null in float64, where each group copies its own. */
    private final FloatWeights shared;
    private final int streams;
    private final int params;
    private final int[][] starts;
    private final double[][][] hidden;
    private final double[] losses;
    private double[][] grads = new double[0][];

    /**
     * How many groups a chunk of {@code streams} streams is dealt into: a fixed number, not the
     * core count, so that a run is a function of its seed on any machine ({@link ElmanCost#WORK_PARTS}
     * at most), and groups of at least {@link RowProducts#ROW_BLOCK} streams, so that each step of
     * the recurrence is a whole block of the float products (groups of 4 ran the Vector API kernel
     * a row at a time).
     */
    static int groups(int streams) {
        return Math.max(1, Math.min(ElmanCost.WORK_PARTS, streams / RowProducts.ROW_BLOCK));
    }

    /** Groups for {@code streams} streams; with {@code dropout} > 0 (float32 only) group g draws its masks from seed g + 1. */
    GroupedGradient(NetShape shape, int streams, Arithmetic arithmetic, double dropout) {
        if (dropout != 0 && arithmetic != Arithmetic.FLOAT32) throw new IllegalArgumentException("dropout is trained in float32 only");
        int n = groups(streams);
        this.streams = streams;
        this.params = shape.paramCount();
        this.shared = arithmetic == Arithmetic.FLOAT32 ? new FloatWeights(shape) : null;
        groups = new ChunkGradient[n];
        starts = new int[n][];
        hidden = new double[n][][];
        losses = new double[n];
        for (int g = 0; g < n; g++) {
            int count = (streams - g + n - 1) / n;
            groups[g] = shared != null ? new FloatBatchGradient(shape, count, dropout, g + 1, shared) : new BatchGradient(shape, count);
            starts[g] = new int[count];
            hidden[g] = new double[count][];
        }
    }

    /** Makes the passes that follow read the weights {@code w} (which must not change while they run). */
    void load(double[] w) {
        if (shared != null) shared.load(w);
        else for (ChunkGradient g : groups) g.load(w);
    }

    /**
     * Sets {@code grad} to {@code scale} x the gradient of the summed cross-entropy of steps
     * [starts[s], starts[s] + len) of every stream s, as {@link ChunkGradient#accumulate} (whose
     * {@code hidden} it carries per stream); returns the summed loss.
     */
    double gradient(int[] x, int[] y, int[] starts, int len, double[][] hidden, double scale, double[] grad) {
        if (grads.length == 0) grads = new double[groups.length][params];
        deal(starts, hidden);
        IntStream.range(0, groups.length).parallel().forEach(g -> {
            Arrays.fill(grads[g], 0);
            losses[g] = groups[g].accumulate(x, y, this.starts[g], len, this.hidden[g], scale, grads[g]);
        });
        System.arraycopy(grads[0], 0, grad, 0, params);
        double loss = losses[0];
        for (int g = 1; g < groups.length; g++) {
            loss += losses[g];
            final double[] gg = grads[g];
            for (int i = 0; i < params; i++) grad[i] += gg[i];
        }
        return loss;
    }

    /** The forward passes alone: the summed cross-entropy of every stream, {@code hidden} carried as for {@link #gradient}. */
    double loss(int[] x, int[] y, int[] starts, int len, double[][] hidden) {
        deal(starts, hidden);
        IntStream.range(0, groups.length).parallel().forEach(g -> losses[g] = groups[g].loss(x, y, this.starts[g], len, this.hidden[g]));
        double loss = 0;
        for (double l : losses) loss += l;
        return loss;
    }

    /** Stream s's start and context to its group's slot s / groups. */
    private void deal(int[] starts, double[][] hidden) {
        if (starts.length != streams || hidden.length != streams) {
            throw new IllegalArgumentException("expected " + streams + " streams, got " + starts.length + " starts and " + hidden.length + " contexts");
        }
        for (int s = 0; s < streams; s++) {
            this.starts[s % groups.length][s / groups.length] = starts[s];
            this.hidden[s % groups.length][s / groups.length] = hidden[s];
        }
    }
}
