package io.elmanstream.train;

import io.elmanstream.model.InputEncoding;
import io.elmanstream.model.NetShape;
import io.elmanstream.model.RowProducts;

import java.util.Arrays;

/**
 * {@link BatchGradient} in float: the weights rounded to floats once per update ({@link FloatWeights}), the recurrence, the
 * output layer and every weight gradient as float row products ({@link RowProducts}: with the
 * Vector API when the JVM has it, else the loops of the float serving step; the same bits), the
 * hidden activation the serving step's float tanh. Twice the units per vector instruction and half
 * the bytes per weight of double. Two things stay double, because they take exp and log or add up
 * every step of the chunk: the softmax and its delta (as the serving step does) and the loss. The
 * gradients, weights and biases alike, are sums over the chunk's rows (a few hundred to a few
 * thousand) in float, a relative rounding of about 1e-6 against Adam's step of 1e-3: training
 * reaches the same held-out loss (docs/BENCHMARKS.md, "Training arithmetic"). Rows are padded to
 * whole vector blocks ({@link RowProducts#paddedWidth}) with zero weights, which keep the padding
 * zero. The exact float64 gradient stays in {@link SequenceGradient} and {@link GradientCheck}.
 */
final class FloatBatchGradient implements ChunkGradient {
    private final NetShape shape;
    private final int streams;
    private final int nh;
    private final int no;
    private final int ni;
    private final int ctx;
    private final int hb;
    private final int t2;
    private final int ob;
    private final int hp;
    private final int vp;
    private final boolean oneHot;
    /** The weights the passes read: this group's own, or a step's shared ones ({@link GroupedGradient}). */
    private final FloatWeights weights;
    private final float[][] gCtx;
    private final float[][] gOut;
    private final float[][] gIn;
    private final float[] gBias;
    private final float[] gOutBias;
    private final double[] logits;
    private float[][] hs = new float[0][];
    private float[][] outs = new float[0][];
    private float[][] dh = new float[0][];
    /** The share of hidden units whose connections to the output a training pass drops (0: none), and 1 / (1 - that). */
    private final float dropout;
    private final float inverseKeep;
    /** The masks' random stream (splitmix64): a group's masks are a function of its seed and its passes so far. */
    private long random;
    /** Whether the last forward pass dropped units: its masks (0, or 1 / keep) and the hidden rows as the output saw them. */
    private boolean dropped;
    private float[][] mask = new float[0][];
    private float[][] kept = new float[0][];

    FloatBatchGradient(NetShape shape, int streams) {
        this(shape, streams, 0, 0, new FloatWeights(shape));
    }

    /**
     * With dropout: each training pass drops each hidden unit's connections to the output with
     * probability {@code dropout} at every step and scales the kept ones by 1 / (1 - dropout)
     * (inverted dropout, so that scoring uses the weights as they are); the recurrence is not
     * dropped, so the context units carry the sequence intact. {@link #loss} never drops.
     * {@code weights} may be shared with the other groups of a step: loading any of them loads all.
     */
    FloatBatchGradient(NetShape shape, int streams, double dropout, long seed, FloatWeights weights) {
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("dropout must be in [0, 1): " + dropout);
        this.dropout = (float) dropout;
        this.inverseKeep = (float) (1 / (1 - dropout));
        this.random = seed;
        this.shape = shape;
        this.streams = streams;
        this.nh = shape.numHid();
        this.no = shape.numOut();
        this.ni = shape.numIn();
        this.ctx = shape.contextOffset();
        this.hb = shape.hiddenBiasOffset();
        this.t2 = shape.theta1Size();
        this.ob = shape.outputBiasOffset();
        this.oneHot = shape.encoding() == InputEncoding.ONE_HOT;
        this.weights = weights;
        this.hp = weights.hp;
        this.vp = weights.vp;
        gCtx = new float[nh][hp];
        gOut = new float[nh][vp];
        gIn = new float[ni][hp];
        gBias = new float[hp];
        gOutBias = new float[vp];
        logits = new double[no];
    }

    private void ensure(int len) {
        if (outs.length < len * streams) {
            hs = new float[(len + 1) * streams][hp];
            outs = new float[len * streams][vp];
            dh = new float[len * streams][hp];
            if (dropout > 0) {
                mask = new float[len * streams][hp];
                kept = new float[len * streams][hp];
            }
        }
    }

    /** Rounds the weights to floats ({@link FloatWeights}), for this group and any that share them. */
    @Override
    public void load(double[] w) {
        weights.load(w);
    }

    @Override
    public double accumulate(int[] x, int[] y, int[] starts, int len, double[][] hidden, double scale, double[] grad) {
        double loss = forward(x, y, starts, len, hidden, scale, dropout > 0);
        backward(x, starts, len, grad);
        return loss;
    }

    @Override
    public double loss(int[] x, int[] y, int[] starts, int len, double[][] hidden) {
        return forward(x, y, starts, len, hidden, 1, false);
    }

    private double forward(int[] x, int[] y, int[] starts, int len, double[][] hidden, double scale, boolean drop) {
        final int rows = len * streams;
        ensure(len);
        final float[][] wIn = weights.wIn, wCtx = weights.wCtx, wOut = weights.wOut;
        final float[] bias = weights.bias, outBias = weights.outBias;

        // forward, step by step: h(t) = f(input row + bias + h(t-1) W_ctx) for every stream at once
        for (int b = 0; b < streams; b++) {
            for (int j = 0; j < nh; j++) hs[b][j] = (float) hidden[b][j];
        }
        for (int t = 0; t < len; t++) {
            for (int b = 0; b < streams; b++) {
                final int sym = x[starts[b] + t];
                final float[] z = hs[(t + 1) * streams + b];
                if (oneHot) {
                    final float[] in = wIn[sym];
                    for (int j = 0; j < nh; j++) z[j] = bias[j] + in[j];
                } else {
                    final float[] in = wIn[0];
                    for (int j = 0; j < nh; j++) z[j] = bias[j] + sym * in[j];
                }
            }
            RowProducts.mulAdd(hs, t * streams, wCtx, hs, (t + 1) * streams, streams);
            for (int b = 0; b < streams; b++) shape.hidden().apply(hs[(t + 1) * streams + b], nh);
        }
        for (int b = 0; b < streams; b++) {
            for (int j = 0; j < nh; j++) hidden[b][j] = hs[len * streams + b][j];
        }

        // the output layer over every step at once; the softmax and its delta in double
        for (int r = 0; r < rows; r++) System.arraycopy(outBias, 0, outs[r], 0, vp);
        dropped = drop;
        if (drop) {
            drawMasks(rows);
            RowProducts.mulAdd(kept, 0, wOut, outs, 0, rows);
        } else {
            RowProducts.mulAdd(hs, streams, wOut, outs, 0, rows);
        }
        double loss = 0;
        for (int t = 0; t < len; t++) {
            for (int b = 0; b < streams; b++) {
                final float[] d = outs[t * streams + b];
                final int target = y[starts[b] + t];
                if (target == Sequence.UNLABELLED) {
                    Arrays.fill(d, 0);
                    continue;
                }
                for (int j = 0; j < no; j++) logits[j] = d[j];
                loss += OutputLoss.lossAndDelta(shape.output(), logits, no, target, scale);
                for (int j = 0; j < no; j++) d[j] = (float) logits[j];
            }
        }
        return loss;
    }

    /** Adds the gradient of the loss the last {@link #forward} left its deltas for. */
    private void backward(int[] x, int[] starts, int len, double[] grad) {
        final int rows = len * streams;
        final float[][] wCtxT = weights.wCtxT, wOutT = weights.wOutT;
        // dTheta2 = [h, 1]^T d; dh = d W_out^T
        for (float[] g : gOut) Arrays.fill(g, 0);
        if (dropped) RowProducts.mulTransAdd(kept, 0, outs, rows, gOut);
        else RowProducts.mulTransAdd(hs, streams, outs, rows, gOut);
        Arrays.fill(gOutBias, 0);
        for (int r = 0; r < rows; r++) add(gOutBias, outs[r], no);
        for (int r = 0; r < rows; r++) Arrays.fill(dh[r], 0);
        RowProducts.mulAdd(outs, 0, wOutT, dh, 0, rows);
        if (dropped) {
            for (int r = 0; r < rows; r++) {
                final float[] d = dh[r], m = mask[r];
                for (int j = 0; j < nh; j++) d[j] *= m[j];
            }
        }

        // back through time: dz(t) = dh(t) f'(h(t)) in place; dh(t-1) += dz(t) W_ctx^T
        for (int t = len - 1; t >= 0; t--) {
            for (int b = 0; b < streams; b++) {
                final float[] d = dh[t * streams + b];
                final float[] h = hs[(t + 1) * streams + b];
                shape.hidden().multiplyByDerivative(d, h, nh);
            }
            if (t > 0) RowProducts.mulAdd(dh, t * streams, wCtxT, dh, (t - 1) * streams, streams);
        }
        // dTheta1 = [x, h(t-1), 1]^T dz
        for (float[] g : gCtx) Arrays.fill(g, 0);
        RowProducts.mulTransAdd(hs, 0, dh, rows, gCtx);
        for (float[] g : gIn) Arrays.fill(g, 0);
        Arrays.fill(gBias, 0);
        for (int t = 0; t < len; t++) {
            for (int b = 0; b < streams; b++) {
                final int sym = x[starts[b] + t];
                final float[] d = dh[t * streams + b];
                if (oneHot) {
                    add(gIn[sym], d, nh);
                } else if (sym != 0) {
                    final float[] g = gIn[0];
                    for (int j = 0; j < nh; j++) g[j] = Math.fma(sym, d[j], g[j]);
                }
                add(gBias, d, nh);
            }
        }
        for (int i = 0; i < ni; i++) {
            for (int j = 0; j < nh; j++) grad[i * nh + j] += gIn[i][j];
        }
        for (int j = 0; j < nh; j++) grad[hb + j] += gBias[j];
        for (int j = 0; j < no; j++) grad[ob + j] += gOutBias[j];
        for (int k = 0; k < nh; k++) {
            for (int j = 0; j < no; j++) grad[t2 + k * no + j] += gOut[k][j];
            for (int j = 0; j < nh; j++) grad[ctx + k * nh + j] += gCtx[k][j];
        }
    }

    /** A fresh mask for every hidden unit of every row, and the rows as the output layer sees them. */
    private void drawMasks(int rows) {
        final int threshold = (int) (dropout * 65536); // a unit drops when 16 random bits fall below it
        for (int r = 0; r < rows; r++) {
            final float[] m = mask[r], h = hs[streams + r], k = kept[r];
            long bits = 0;
            for (int j = 0; j < nh; j++) {
                if ((j & 3) == 0) bits = nextRandom();
                m[j] = (int) (bits & 0xFFFF) < threshold ? 0 : inverseKeep;
                bits >>>= 16;
            }
            for (int j = 0; j < nh; j++) k[j] = h[j] * m[j];
        }
    }

    /** The share of the last training pass's hidden units that were dropped (0 when none was). */
    double droppedShare(int rows) {
        if (!dropped) return 0;
        long zeros = 0;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < nh; j++) zeros += mask[r][j] == 0 ? 1 : 0;
        }
        return zeros / ((double) rows * nh);
    }

    private long nextRandom() {
        long z = random += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static void add(float[] sum, float[] row, int n) {
        for (int j = 0; j < n; j++) sum[j] += row[j];
    }
}
