package io.elmanstream.train;

import io.elmanstream.model.InputEncoding;
import io.elmanstream.model.NetShape;
import io.elmanstream.model.RowProducts;

import java.util.Arrays;

/**
 * The exact gradient through time of several streams side by side, as matrix-matrix products:
 * what {@link SequenceGradient} computes for each stream, summed, but with the streams as the rows
 * of one matrix ({@link RowProducts}). Only the recurrence goes step by step, (streams x H) by
 * (H x H) forward and back; the output layer and every weight gradient are one product over all
 * the steps of the chunk. Holds the scratch of one thread; not thread-safe.
 *
 * <p>Row {@code t * streams + b} of a chunk's matrices is stream {@code b} at step {@code t}; the
 * hidden states have one block of rows more in front, the contexts the chunk starts from.
 */
final class BatchGradient implements ChunkGradient {
    private final NetShape shape;
    private final int streams;
    private final int nh;
    private final int no;
    // where the weight blocks start in the flat parameter vector (NetShape's layout)
    private final int ctx;
    private final int hb;
    private final int t2;
    private final int ob;
    private final boolean oneHot;
    private final double[][] wCtx;
    private final double[][] wCtxT;
    private final double[][] wOut;
    private final double[][] wOutT;
    private final double[][] gCtx;
    private final double[][] gOut;
    /** The weights {@link #load} was given, in {@link NetShape}'s layout. */
    private double[] w;
    private double[][] hs = new double[0][];
    private double[][] outs = new double[0][];
    private double[][] dh = new double[0][];

    BatchGradient(NetShape shape, int streams) {
        this.shape = shape;
        this.streams = streams;
        this.nh = shape.numHid();
        this.no = shape.numOut();
        this.ctx = shape.contextOffset();
        this.hb = shape.hiddenBiasOffset();
        this.t2 = shape.theta1Size();
        this.ob = shape.outputBiasOffset();
        this.oneHot = shape.encoding() == InputEncoding.ONE_HOT;
        wCtx = new double[nh][nh];
        wCtxT = new double[nh][nh];
        wOut = new double[nh][no];
        wOutT = new double[no][nh];
        gCtx = new double[nh][nh];
        gOut = new double[nh][no];
    }

    private void ensure(int len) {
        if (outs.length < len * streams) {
            hs = new double[(len + 1) * streams][nh];
            outs = new double[len * streams][no];
            dh = new double[len * streams][nh];
        }
    }

    /** Reads {@code w} from here on (kept by reference: not to change while passes run) and copies its matrices into rows. */
    @Override
    public void load(double[] w) {
        this.w = w;
        for (int k = 0; k < nh; k++) {
            System.arraycopy(w, ctx + k * nh, wCtx[k], 0, nh);
            System.arraycopy(w, t2 + k * no, wOut[k], 0, no);
        }
        RowProducts.transpose(wCtx, wCtxT);
        RowProducts.transpose(wOut, wOutT);
    }

    @Override
    public double accumulate(int[] x, int[] y, int[] starts, int len, double[][] hidden, double scale, double[] grad) {
        double loss = forward(x, y, starts, len, hidden, scale);
        backward(x, starts, len, grad);
        return loss;
    }

    @Override
    public double loss(int[] x, int[] y, int[] starts, int len, double[][] hidden) {
        return forward(x, y, starts, len, hidden, 1);
    }

    private double forward(int[] x, int[] y, int[] starts, int len, double[][] hidden, double scale) {
        final int rows = len * streams;
        final double[] w = this.w;
        ensure(len);

        // forward, step by step: h(t) = f(input row + bias + h(t-1) W_ctx) for every stream at once
        for (int b = 0; b < streams; b++) System.arraycopy(hidden[b], 0, hs[b], 0, nh);
        for (int t = 0; t < len; t++) {
            for (int b = 0; b < streams; b++) {
                final int sym = x[starts[b] + t];
                final double[] z = hs[(t + 1) * streams + b];
                if (oneHot) {
                    final int in = sym * nh;
                    for (int j = 0; j < nh; j++) z[j] = w[hb + j] + w[in + j];
                } else {
                    for (int j = 0; j < nh; j++) z[j] = w[hb + j] + sym * w[j];
                }
            }
            RowProducts.mulAdd(hs, t * streams, wCtx, hs, (t + 1) * streams, streams);
            for (int b = 0; b < streams; b++) shape.hidden().apply(hs[(t + 1) * streams + b], nh);
        }
        for (int b = 0; b < streams; b++) System.arraycopy(hs[len * streams + b], 0, hidden[b], 0, nh);

        // the output layer over every step at once
        for (int r = 0; r < rows; r++) System.arraycopy(w, ob, outs[r], 0, no);
        RowProducts.mulAdd(hs, streams, wOut, outs, 0, rows);
        double loss = 0;
        for (int t = 0; t < len; t++) {
            for (int b = 0; b < streams; b++) {
                final double[] d = outs[t * streams + b];
                final int target = y[starts[b] + t];
                if (target == Sequence.UNLABELLED) Arrays.fill(d, 0);
                else loss += OutputLoss.lossAndDelta(shape.output(), d, no, target, scale);
            }
        }
        return loss;
    }

    /** Adds the gradient of the loss the last {@link #forward} left its deltas for. */
    private void backward(int[] x, int[] starts, int len, double[] grad) {
        final int rows = len * streams;
        // dTheta2 = [h, 1]^T d; dh = d W_out^T
        for (double[] g : gOut) Arrays.fill(g, 0);
        RowProducts.mulTransAdd(hs, streams, outs, rows, gOut);
        for (int r = 0; r < rows; r++) {
            final double[] d = outs[r];
            for (int j = 0; j < no; j++) grad[ob + j] += d[j];
        }
        for (int r = 0; r < rows; r++) Arrays.fill(dh[r], 0);
        RowProducts.mulAdd(outs, 0, wOutT, dh, 0, rows);

        // back through time: dz(t) = dh(t) f'(h(t)) in place; dh(t-1) += dz(t) W_ctx^T
        for (int t = len - 1; t >= 0; t--) {
            for (int b = 0; b < streams; b++) {
                final double[] d = dh[t * streams + b];
                final double[] h = hs[(t + 1) * streams + b];
                for (int j = 0; j < nh; j++) d[j] *= shape.hidden().derivativeFromOutput(h[j]);
            }
            if (t > 0) RowProducts.mulAdd(dh, t * streams, wCtxT, dh, (t - 1) * streams, streams);
        }
        // dTheta1 = [x, h(t-1), 1]^T dz
        for (double[] g : gCtx) Arrays.fill(g, 0);
        RowProducts.mulTransAdd(hs, 0, dh, rows, gCtx);
        for (int t = 0; t < len; t++) {
            for (int b = 0; b < streams; b++) {
                final int sym = x[starts[b] + t];
                final double[] d = dh[t * streams + b];
                if (oneHot) {
                    final int in = sym * nh;
                    for (int j = 0; j < nh; j++) grad[in + j] += d[j];
                } else if (sym != 0) {
                    for (int j = 0; j < nh; j++) grad[j] += sym * d[j];
                }
                for (int j = 0; j < nh; j++) grad[hb + j] += d[j];
            }
        }
        for (int k = 0; k < nh; k++) {
            for (int j = 0; j < no; j++) grad[t2 + k * no + j] += gOut[k][j];
            for (int j = 0; j < nh; j++) grad[ctx + k * nh + j] += gCtx[k][j];
        }
    }
}
