package io.elmanstream.model;

/**
 * The serving step of a {@link Precision#FLOAT32} net: the weights rounded to floats once, one
 * array per row, and every product and sum of the step in float, which HotSpot runs twice as many
 * units per vector instruction as double and which reads half the bytes of weights. The hidden
 * activation is computed in float too ({@link #tanh}), so the hidden state it leaves is floats;
 * the output's softmax or sigmoid is taken in double from the float sums. For
 * {@link Precision#FLOAT32_HALF_STATE} the new hidden state is rounded to halves before the
 * outputs are computed from it, so what the step predicts is what the stored state predicts.
 */
final class FloatStep {
    private final NetShape shape;
    private final float[][] theta1;
    private final float[][] theta2;
    /** theta2's columns, one array per output unit: {@link #logit} reads one unit's weights from consecutive memory. */
    private final float[][] columns;
    private final boolean halfState;

    FloatStep(NetShape shape, double[][] theta1, double[][] theta2) {
        this.shape = shape;
        this.halfState = shape.precision() == Precision.FLOAT32_HALF_STATE;
        this.theta1 = floats(theta1);
        this.theta2 = floats(theta2);
        this.columns = new float[shape.numOut()][shape.numHid() + 1];
        for (int k = 0; k <= shape.numHid(); k++) {
            for (int j = 0; j < shape.numOut(); j++) columns[j][k] = this.theta2[k][j];
        }
    }

    double step(double[] hPrev, int symbol, double[] hOut, double[] out, ElmanNet.Workspace w) {
        final int nh = shape.numHid();
        final int ni = shape.numIn();
        final float[] h = w.hidden;
        final float[] z = w.sums;
        for (int k = 0; k < nh; k++) h[k] = (float) hPrev[k];
        System.arraycopy(theta1[ni + nh], 0, z, 0, nh);
        if (shape.encoding() == InputEncoding.ONE_HOT) {
            final float[] row = theta1[symbol];
            for (int j = 0; j < nh; j++) z[j] += row[j];
        } else if (symbol != 0) {
            final float[] row = theta1[0];
            final float x = symbol;
            for (int j = 0; j < nh; j++) z[j] += x * row[j];
        }
        RowProducts.addRows(z, nh, theta1, ni, h, nh);
        shape.hidden().apply(z, nh);
        if (halfState) {
            for (int j = 0; j < nh; j++) z[j] = HalfFloat.round(z[j]);
        }
        for (int j = 0; j < nh; j++) hOut[j] = z[j];
        return outputs(z, out, w); // the floats hOut holds, not converted back from it
    }

    double outputs(double[] hidden, double[] out, ElmanNet.Workspace w) {
        final float[] h = w.hidden;
        for (int k = 0; k < shape.numHid(); k++) h[k] = (float) hidden[k];
        return outputs(h, out, w);
    }

    private double outputs(float[] h, double[] out, ElmanNet.Workspace w) {
        final int nh = shape.numHid();
        final int no = shape.numOut();
        final float[] z = w.logits;
        System.arraycopy(theta2[nh], 0, z, 0, no);
        RowProducts.addRows(z, no, theta2, 0, h, nh);
        for (int j = 0; j < no; j++) out[j] = z[j];
        return shape.output().applyOutput(out, no);
    }

    /** Output unit j's logit for {@code hidden}: the same float operations, in the same order, as {@link #outputs}. */
    double logit(double[] hidden, int j) {
        final int nh = shape.numHid();
        return RowProducts.dotColumn(columns[j][nh], columns[j], hidden, nh);
    }

    /**
     * tanh in float arithmetic to float accuracy (a few ulp): Eigen's rational approximation
     * ({@code generic_fast_tanh_float}), odd polynomial of degree 13 over one of degree 6 in x,
     * x clamped to +-7.9053 where tanh is 1 in float. No call to exp, so the loop over the units
     * vectorises; the same operations on every JVM give the same bits.
     */
    static float tanh(float z) {
        float x = Math.max(-7.90531110763549805f, Math.min(7.90531110763549805f, z));
        float x2 = x * x;
        float p = -2.76076847742355e-16f;
        p = p * x2 + 2.00018790482477e-13f;
        p = p * x2 - 8.60467152213735e-11f;
        p = p * x2 + 5.12229709037114e-08f;
        p = p * x2 + 1.48572235717979e-05f;
        p = p * x2 + 6.37261928875436e-04f;
        p = p * x2 + 4.89352455891786e-03f;
        p = p * x;
        float q = 1.19825839466702e-06f;
        q = q * x2 + 1.18534705686654e-04f;
        q = q * x2 + 2.26843463243900e-03f;
        q = q * x2 + 4.89352518554385e-03f;
        return p / q;
    }

    private static float[][] floats(double[][] m) {
        float[][] f = new float[m.length][];
        for (int r = 0; r < m.length; r++) {
            f[r] = new float[m[r].length];
            for (int c = 0; c < m[r].length; c++) f[r][c] = (float) m[r][c];
        }
        return f;
    }
}
