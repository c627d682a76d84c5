package io.elmanstream.train;

import io.elmanstream.model.NetShape;
import io.elmanstream.model.RowProducts;

/**
 * The weights as the float passes read them: rounded from the double weights Adam keeps, each row
 * padded with zeros to whole vector blocks ({@link RowProducts#paddedWidth}), and the two weight
 * matrices the backward pass multiplies by also transposed. Made once per update and shared by a
 * step's groups ({@link GroupedGradient}), which only read it: rounding and transposing is then
 * done once per update, not once per group, and the groups' cores read one copy.
 */
final class FloatWeights {
    private final int ni;
    private final int nh;
    private final int no;
    private final int ctx;
    private final int hb;
    private final int t2;
    private final int ob;
    /** Row widths: nh and no rounded up to whole vectors; the padding holds zeros. */
    final int hp;
    final int vp;
    final float[][] wIn;
    final float[] bias;
    final float[] outBias;
    final float[][] wCtx;
    final float[][] wCtxT;
    final float[][] wOut;
    final float[][] wOutT;

    FloatWeights(NetShape shape) {
        this.ni = shape.numIn();
        this.nh = shape.numHid();
        this.no = shape.numOut();
        this.ctx = shape.contextOffset();
        this.hb = shape.hiddenBiasOffset();
        this.t2 = shape.theta1Size();
        this.ob = shape.outputBiasOffset();
        this.hp = RowProducts.paddedWidth(nh);
        this.vp = RowProducts.paddedWidth(no);
        wIn = new float[ni][hp];
        bias = new float[hp];
        outBias = new float[vp];
        wCtx = new float[nh][hp];
        wCtxT = new float[nh][hp];
        wOut = new float[nh][vp];
        wOutT = new float[no][hp];
    }

    /** Rounds {@code w} (in {@link NetShape}'s layout) into these rows. */
    void load(double[] w) {
        for (int i = 0; i < ni; i++) round(w, i * nh, wIn[i], nh);
        for (int k = 0; k < nh; k++) {
            round(w, ctx + k * nh, wCtx[k], nh);
            round(w, t2 + k * no, wOut[k], no);
        }
        round(w, hb, bias, nh);
        round(w, ob, outBias, no);
        RowProducts.transpose(wCtx, nh, nh, wCtxT);
        RowProducts.transpose(wOut, nh, no, wOutT);
    }

    private static void round(double[] w, int from, float[] row, int count) {
        for (int j = 0; j < count; j++) row[j] = (float) w[from + j];
    }
}
