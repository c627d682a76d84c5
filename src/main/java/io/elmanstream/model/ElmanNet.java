package io.elmanstream.model;

import java.util.Arrays;

/**
 * An Elman network: hidden = f(input · W_in + context · W_ctx + b), output = g(hidden · W_out + c),
 * where the context units are the previous step's hidden activations (zeros at t = 0).
 *
 * <p>The weights are one flat vector in the layout described by {@link NetShape}, shared (not
 * copied) with the optimizer during training. {@link #stepLogits} is the single forward step used
 * by training, offline prediction and the stream processor alike, so they cannot disagree.
 */
public final class ElmanNet {
    private final NetShape shape;
    private final double[] params;

    public ElmanNet(NetShape shape, double[] params) {
        if (params.length != shape.paramCount()) {
            throw new IllegalArgumentException("expected " + shape.paramCount() + " parameters, got " + params.length);
        }
        this.shape = shape;
        this.params = params;
    }

    public NetShape shape() {
        return shape;
    }

    /** The live parameter vector (theta1 then theta2, row-major). */
    public double[] params() {
        return params;
    }

    /**
     * One step: writes the new hidden activations to {@code hOut} and the output pre-activations
     * (logits) to {@code logits}. Allocates nothing; {@code hOut} must not alias {@code hPrev}.
     */
    public void stepLogits(double[] hPrev, int symbol, double[] hOut, double[] logits) {
        final int nh = shape.numHid();
        final double[] w = params;
        // bias row, then the input row(s): one-hot picks a row, bit scales row 0 by the bit
        System.arraycopy(w, shape.hiddenBiasOffset(), hOut, 0, nh);
        if (shape.encoding() == InputEncoding.ONE_HOT) {
            final int row = symbol * nh;
            for (int j = 0; j < nh; j++) hOut[j] += w[row + j];
        } else if (symbol != 0) {
            for (int j = 0; j < nh; j++) hOut[j] += symbol * w[j];
        }
        int row = shape.contextOffset();
        for (int k = 0; k < nh; k++, row += nh) {
            final double c = hPrev[k];
            if (c == 0) continue;
            for (int j = 0; j < nh; j++) hOut[j] += c * w[row + j];
        }
        shape.hidden().apply(hOut, nh);

        final int no = shape.numOut();
        System.arraycopy(w, shape.outputBiasOffset(), logits, 0, no);
        row = shape.theta1Size();
        for (int k = 0; k < nh; k++, row += no) {
            final double h = hOut[k];
            for (int j = 0; j < no; j++) logits[j] += h * w[row + j];
        }
    }

    /** One step that leaves output activations (probabilities) in {@code out}. */
    public void step(double[] hPrev, int symbol, double[] hOut, double[] out) {
        stepLogits(hPrev, symbol, hOut, out);
        shape.output().apply(out, shape.numOut());
    }

    /** Runs a whole sequence from zero context; returns the outputs of every step. */
    public double[][] run(int[] symbols) {
        double[] h = new double[shape.numHid()];
        double[] next = new double[shape.numHid()];
        double[][] out = new double[symbols.length][shape.numOut()];
        for (int t = 0; t < symbols.length; t++) {
            step(h, symbols[t], next, out[t]);
            double[] swap = h;
            h = next;
            next = swap;
        }
        return out;
    }

    /** Copies theta1 out as rows x cols, the tutorial's layout. */
    public double[][] theta1() {
        return rows(0, shape.theta1Rows(), shape.numHid());
    }

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
