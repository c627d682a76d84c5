package io.elmanstream.model;

import java.util.Arrays;

/**
 * An Elman network: hidden = f(input · W_in + context · W_ctx + b), output = g(hidden · W_out + c),
 * where the context units are the previous step's hidden activations (zeros at t = 0).
 *
 * <p>The weights are one flat vector in the layout described by {@link NetShape} (what optimizers
 * update); the net also copies them into one array per row at construction, because HotSpot
 * vectorises {@code z[j] += c * row[j]} over a row array but not over an offset into one long
 * array (3x slower for a 100-unit net). So a net is a snapshot: build a new one after changing the
 * vector. One forward step serves training ({@link #stepLogits}, always in double) and one
 * serves prediction ({@link #step}, in the model's {@link Precision}), offline and in the stream
 * alike, so they cannot disagree.
 */
public final class ElmanNet {
    private final NetShape shape;
    private final double[] params;
    private final double[][] theta1;
    private final double[][] theta2;
    /** The float32 serving step, for a net served in float32; else null. */
    private final FloatStep single;

    /** Scratch of the float32 serving step: one per thread that steps a net of this size. */
    public static final class Workspace {
        final float[] hidden;
        final float[] sums;
        final float[] logits;

        private Workspace(NetShape shape) {
            hidden = new float[shape.numHid()];
            sums = new float[shape.numHid()];
            logits = new float[shape.numOut()];
        }
    }

    public ElmanNet(NetShape shape, double[] params) {
        if (params.length != shape.paramCount()) {
            throw new IllegalArgumentException("expected " + shape.paramCount() + " parameters, got " + params.length);
        }
        this.shape = shape;
        this.params = params;
        this.theta1 = rows(0, shape.theta1Rows(), shape.numHid());
        this.theta2 = rows(shape.theta1Size(), shape.theta2Rows(), shape.numOut());
        this.single = shape.precision().single() ? new FloatStep(shape, theta1, theta2) : null;
    }

    /** Scratch for {@link #step} and {@link #outputs} on one thread; null when the net needs none. */
    public Workspace workspace() {
        return single == null ? null : new Workspace(shape);
    }

    public NetShape shape() {
        return shape;
    }

    /** The live parameter vector (theta1 then theta2, row-major). */
    public double[] params() {
        return params;
    }

    /**
     * One training step: writes the new hidden activations to {@code hOut}, in double precision
     * whatever the model's state precision, and the output pre-activations (logits) to
     * {@code logits}. Allocates nothing; {@code hOut} must not alias {@code hPrev}.
     */
    public void stepLogits(double[] hPrev, int symbol, double[] hOut, double[] logits) {
        hidden(hPrev, symbol, hOut);
        logits(hOut, logits);
    }

    private void hidden(double[] hPrev, int symbol, double[] hOut) {
        final int nh = shape.numHid();
        final int ni = shape.numIn();
        // bias row, then the input row(s): one-hot picks a row, bit scales row 0 by the bit
        System.arraycopy(theta1[ni + nh], 0, hOut, 0, nh);
        if (shape.encoding() == InputEncoding.ONE_HOT) {
            final double[] row = theta1[symbol];
            for (int j = 0; j < nh; j++) hOut[j] += row[j];
        } else if (symbol != 0) {
            final double[] row = theta1[0];
            for (int j = 0; j < nh; j++) hOut[j] += symbol * row[j];
        }
        RowProducts.addRows(hOut, nh, theta1, ni, hPrev, nh);
        shape.hidden().apply(hOut, nh);
    }

    private void logits(double[] hidden, double[] logits) {
        final int nh = shape.numHid();
        final int no = shape.numOut();
        System.arraycopy(theta2[nh], 0, logits, 0, no);
        RowProducts.addRows(logits, no, theta2, 0, hidden, nh);
    }

    /**
     * The output activations a hidden state gives: what the step that produced {@code hidden} wrote
     * to its {@code out}, bit for bit (the same code computes both).
     */
    public void outputs(double[] hidden, double[] out) {
        outputs(hidden, out, workspace());
    }

    /**
     * {@link #outputs(double[], double[])} with this thread's scratch from {@link #workspace()}.
     *
     * @return for a softmax output, the log of its normalizer (see {@link #step(double[], int, double[], double[], Workspace)}); else NaN
     */
    public double outputs(double[] hidden, double[] out, Workspace w) {
        if (single != null) return single.outputs(hidden, out, w);
        logits(hidden, out);
        return shape.output().applyOutput(out, shape.numOut());
    }

    /**
     * Output unit j's logit for a hidden state, bit for bit what the step that produced
     * {@code hidden} summed for it: with the step's log normalizer it gives that unit's log
     * probability without the other units' sums.
     */
    public double logit(double[] hidden, int j) {
        if (single != null) return single.logit(hidden, j);
        final int nh = shape.numHid();
        return RowProducts.dotColumn(theta2[nh][j], theta2, j, hidden, nh);
    }

    /**
     * The serving step, in the model's {@link Precision}: leaves the new hidden state in
     * {@code hOut} and the output activations (probabilities) it gives in {@code out}. Every
     * prediction, offline or in the stream, goes through here.
     */
    public void step(double[] hPrev, int symbol, double[] hOut, double[] out) {
        step(hPrev, symbol, hOut, out, workspace());
    }

    /**
     * {@link #step(double[], int, double[], double[])} with this thread's scratch from
     * {@link #workspace()}: allocates nothing.
     *
     * @return for a softmax output, the log of its normalizer, log sum e^logit (so unit j's
     * probability is e^(logit j - this), see {@link #logit}); else NaN
     */
    public double step(double[] hPrev, int symbol, double[] hOut, double[] out, Workspace w) {
        if (single != null) return single.step(hPrev, symbol, hOut, out, w);
        stepLogits(hPrev, symbol, hOut, out);
        return shape.output().applyOutput(out, shape.numOut());
    }

    /** Runs a whole sequence from zero context; returns the outputs of every step. */
    public double[][] run(int[] symbols) {
        double[] h = new double[shape.numHid()];
        double[] next = new double[shape.numHid()];
        double[][] out = new double[symbols.length][shape.numOut()];
        Workspace w = workspace();
        for (int t = 0; t < symbols.length; t++) {
            step(h, symbols[t], next, out[t], w);
            double[] swap = h;
            h = next;
            next = swap;
        }
        return out;
    }

    /** A copy of theta1 as rows x cols, the tutorial's layout. */
    public double[][] theta1() {
        return rows(0, shape.theta1Rows(), shape.numHid());
    }

    /** A copy of theta2 as rows x cols. */
    public double[][] theta2() {
        return rows(shape.theta1Size(), shape.theta2Rows(), shape.numOut());
    }

    private double[][] rows(int offset, int rows, int cols) {
        double[][] m = new double[rows][];
        for (int r = 0; r < rows; r++) m[r] = Arrays.copyOfRange(params, offset + r * cols, offset + (r + 1) * cols);
        return m;
    }

    /** Builds a net from the tutorial's two matrices. */
    public static ElmanNet fromMatrices(NetShape shape, double[][] theta1, double[][] theta2) {
        double[] p = new double[shape.paramCount()];
        int i = copyRows(theta1, shape.theta1Rows(), shape.numHid(), p, 0, "theta1");
        copyRows(theta2, shape.theta2Rows(), shape.numOut(), p, i, "theta2");
        return new ElmanNet(shape, p);
    }

    private static int copyRows(double[][] m, int rows, int cols, double[] dst, int offset, String name) {
        if (m.length != rows) {
            throw new IllegalArgumentException(name + " must have " + rows + " rows, has " + m.length);
        }
        for (int r = 0; r < rows; r++) {
            if (m[r] == null || m[r].length != cols) {
                throw new IllegalArgumentException(name + " row " + r + " must have " + cols + " columns, has " + (m[r] == null ? 0 : m[r].length));
            }
            System.arraycopy(m[r], 0, dst, offset, cols);
            offset += cols;
        }
        return offset;
    }
}
