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
    private final NetShape shape;
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
        this.shape = shape;
        this.hp = RowProducts.paddedWidth(shape.numHid());
        this.vp = RowProducts.paddedWidth(shape.numOut());
        wIn = new float[shape.numIn()][hp];
        bias = new float[hp];
        outBias = new float[vp];
        wCtx = new float[shape.numHid()][hp];
        wCtxT = new float[shape.numHid()][hp];
        wOut = new float[shape.numHid()][vp];
        wOutT = new float[shape.numOut()][hp];
    }

    /** Rounds {@code w} (in {@link NetShape}'s layout) into these rows. */
    void load(double[] w) {
        final int nh = shape.numHid(), no = shape.numOut();
        for (int i = 0; i < shape.numIn(); i++) round(w, i * nh, wIn[i], nh);
        for (int k = 0; k < nh; k++) {
            round(w, shape.contextOffset() + k * nh, wCtx[k], nh);
            round(w, shape.theta1Size() + k * no, wOut[k], no);
        }
        round(w, shape.hiddenBiasOffset(), bias, nh);
        round(w, shape.outputBiasOffset(), outBias, no);
        RowProducts.transpose(wCtx, nh, nh, wCtxT);
        RowProducts.transpose(wOut, nh, no, wOutT);
    }

    private static void round(double[] w, int from, float[] row, int count) {
        for (int j = 0; j < count; j++) row[j] = (float) w[from + j];
    }
}
