package io.elmanstream.train;

import io.elmanstream.model.InputEncoding;
import io.elmanstream.model.NetShape;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

import java.util.Arrays;

/**
 * The benchmark's baseline for {@link BatchGradient}: the same algorithm written with EJML's dense
 * matrices and its general products ({@code CommonOps_DDRM.mult}, {@code multTransA}). Kept here,
 * not in the product, because the row-array products it is measured against are faster (see
 * {@link ChunkGradientBenchmark} and docs/BENCHMARKS.md); the test checks both give the same gradient.
 */
final class EjmlBatchGradient {
    private final NetShape shape;
    private final int streams;
    private final int nh;
    private final int no;
    private final DMatrixRMaj wCtx;
    private final DMatrixRMaj wCtxT;
    private final DMatrixRMaj wOut;
    private final DMatrixRMaj wOutT;
    private final DMatrixRMaj gCtx;
    private final DMatrixRMaj gOut;
    private final DMatrixRMaj hPrev;
    private final DMatrixRMaj z;
    private final DMatrixRMaj dz;
    private final DMatrixRMaj dhNext;
    private final DMatrixRMaj hIn = new DMatrixRMaj(0, 0);
    private final DMatrixRMaj hOut = new DMatrixRMaj(0, 0);
    private final DMatrixRMaj outs = new DMatrixRMaj(0, 0);
    private final DMatrixRMaj dhOut = new DMatrixRMaj(0, 0);
    private final DMatrixRMaj dzAll = new DMatrixRMaj(0, 0);

    EjmlBatchGradient(NetShape shape, int streams) {
        this.shape = shape;
        this.streams = streams;
        this.nh = shape.numHid();
        this.no = shape.numOut();
        wCtx = new DMatrixRMaj(nh, nh);
        wCtxT = new DMatrixRMaj(nh, nh);
        wOut = new DMatrixRMaj(nh, no);
        wOutT = new DMatrixRMaj(no, nh);
        gCtx = new DMatrixRMaj(nh, nh);
        gOut = new DMatrixRMaj(nh, no);
        hPrev = new DMatrixRMaj(streams, nh);
        z = new DMatrixRMaj(streams, nh);
        dz = new DMatrixRMaj(streams, nh);
        dhNext = new DMatrixRMaj(streams, nh);
    }

    /**
     * Adds {@code scale} x the gradient of the summed cross-entropy of steps
     * [starts[b], starts[b] + len) of every stream b to {@code grad}. {@code hidden[b]} is stream
     * b's context before its first step and receives its last hidden state.
     *
     * @return the summed (unscaled) cross-entropy of the labelled steps
     */
    double accumulate(double[] w, int[] x, int[] y, int[] starts, int len, double[][] hidden, double scale, double[] grad) {
        final int rows = len * streams;
        final int block = streams * nh;
        final int ctx = shape.contextOffset();
        final int hb = shape.hiddenBiasOffset();
        final int t2 = shape.theta1Size();
        final int ob = shape.outputBiasOffset();
        final boolean oneHot = shape.encoding() == InputEncoding.ONE_HOT;
        System.arraycopy(w, ctx, wCtx.data, 0, nh * nh);
        System.arraycopy(w, t2, wOut.data, 0, nh * no);
        CommonOps_DDRM.transpose(wCtx, wCtxT);
        CommonOps_DDRM.transpose(wOut, wOutT);
        hIn.reshape(rows, nh);
        hOut.reshape(rows, nh);
        outs.reshape(rows, no);
        dhOut.reshape(rows, nh);
        dzAll.reshape(rows, nh);

        for (int b = 0; b < streams; b++) System.arraycopy(hidden[b], 0, hIn.data, b * nh, nh);
        for (int t = 0; t < len; t++) {
            System.arraycopy(hIn.data, t * block, hPrev.data, 0, block);
            for (int b = 0; b < streams; b++) {
                final int sym = x[starts[b] + t];
                final int zr = b * nh;
                if (oneHot) {
                    final int in = sym * nh;
                    for (int j = 0; j < nh; j++) z.data[zr + j] = w[hb + j] + w[in + j];
                } else {
                    for (int j = 0; j < nh; j++) z.data[zr + j] = w[hb + j] + sym * w[j];
                }
            }
            CommonOps_DDRM.multAdd(hPrev, wCtx, z);
            shape.hidden().apply(z.data, block);
            System.arraycopy(z.data, 0, hOut.data, t * block, block);
            if (t + 1 < len) System.arraycopy(z.data, 0, hIn.data, (t + 1) * block, block);
        }
        for (int b = 0; b < streams; b++) System.arraycopy(hOut.data, (len - 1) * block + b * nh, hidden[b], 0, nh);

        CommonOps_DDRM.mult(hOut, wOut, outs);
        double loss = 0;
        for (int t = 0; t < len; t++) {
            for (int b = 0; b < streams; b++) {
                final int r = (t * streams + b) * no;
                for (int j = 0; j < no; j++) outs.data[r + j] += w[ob + j];
                final int target = y[starts[b] + t];
                if (target == Sequence.UNLABELLED) Arrays.fill(outs.data, r, r + no, 0);
                else loss += OutputLoss.lossAndDelta(shape.output(), outs.data, r, no, target, scale);
            }
        }

        // output layer: dTheta2 = [h, 1]^T d over every step at once; dh = d Theta2[0:H]^T
        CommonOps_DDRM.multTransA(hOut, outs, gOut);
        add(gOut.data, grad, t2);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < no; j++) grad[ob + j] += outs.data[r * no + j];
        }
        CommonOps_DDRM.mult(outs, wOutT, dhOut);
        // the recurrence, step by step from the last: dz = (dh + the next step's dh) f'(h)
        Arrays.fill(dhNext.data, 0);
        for (int t = len - 1; t >= 0; t--) {
            final int base = t * block;
            for (int i = 0; i < block; i++) {
                final double d = (dhOut.data[base + i] + dhNext.data[i]) * shape.hidden().derivativeFromOutput(hOut.data[base + i]);
                dz.data[i] = d;
                dzAll.data[base + i] = d;
            }
            if (t > 0) CommonOps_DDRM.mult(dz, wCtxT, dhNext);
        }
        // hidden layer: dTheta1 = [x, h(t-1), 1]^T dz, the context rows as one product
        CommonOps_DDRM.multTransA(hIn, dzAll, gCtx);
        add(gCtx.data, grad, ctx);
        for (int t = 0; t < len; t++) {
            for (int b = 0; b < streams; b++) {
                final int sym = x[starts[b] + t];
                final int r = (t * streams + b) * nh;
                if (oneHot) {
                    final int in = sym * nh;
                    for (int j = 0; j < nh; j++) grad[in + j] += dzAll.data[r + j];
                } else if (sym != 0) {
                    for (int j = 0; j < nh; j++) grad[j] += sym * dzAll.data[r + j];
                }
                for (int j = 0; j < nh; j++) grad[hb + j] += dzAll.data[r + j];
            }
        }
        return loss;
    }

    private static void add(double[] src, double[] dst, int offset) {
        for (int i = 0; i < src.length; i++) dst[offset + i] += src[i];
    }
}
