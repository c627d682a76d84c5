package io.elmanstream.train;

import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.InputEncoding;
import io.elmanstream.model.NetShape;

import java.util.Arrays;

/**
 * The exact gradient of the cross-entropy through time for one sequence (or one chunk of one,
 * starting from a carried hidden state): a forward pass with {@link ElmanNet#stepLogits}, then
 * backpropagation through the hidden units and back through every context copy to the first step.
 * Holds the scratch buffers of one thread; not thread-safe.
 */
final class SequenceGradient {
    private final NetShape shape;
    private double[][] hidden = new double[0][];
    private double[][] delta = new double[0][];
    private final double[] dh;
    private final double[] dz;
    private final double[] dhNext;
    private final boolean oneStep;

    SequenceGradient(NetShape shape) {
        this(shape, false);
    }

    /** @param oneStep stop the gradient at the context units, as the tutorial does (for comparison only) */
    SequenceGradient(NetShape shape, boolean oneStep) {
        this.shape = shape;
        this.oneStep = oneStep;
        this.dh = new double[shape.numHid()];
        this.dz = new double[shape.numHid()];
        this.dhNext = new double[shape.numHid()];
    }

    private void ensure(int len) {
        if (hidden.length < len + 1) {
            hidden = new double[len + 1][shape.numHid()];
            delta = new double[len][shape.numOut()];
        }
    }

    /**
     * Adds {@code scale} x the gradient of the summed cross-entropy of steps [from, to) to
     * {@code grad}. {@code h0} is the context before step {@code from} (null = zeros); the final
     * hidden state is copied to {@code hEnd} when it is not null.
     *
     * @return the summed (unscaled) cross-entropy of the labelled steps
     */
    double accumulate(ElmanNet net, int[] x, int[] y, int from, int to, double[] h0, double scale,
                      double[] grad, double[] hEnd) {
        final int len = to - from;
        final int nh = shape.numHid();
        final int no = shape.numOut();
        final double[] w = net.params();
        ensure(len);
        if (h0 == null) Arrays.fill(hidden[0], 0);
        else System.arraycopy(h0, 0, hidden[0], 0, nh);

        double loss = 0;
        for (int t = 0; t < len; t++) {
            net.stepLogits(hidden[t], x[from + t], hidden[t + 1], delta[t]);
            int target = y[from + t];
            if (target == Sequence.UNLABELLED) Arrays.fill(delta[t], 0);
            else loss += OutputLoss.lossAndDelta(shape.output(), delta[t], no, target, scale);
        }
        if (hEnd != null) System.arraycopy(hidden[len], 0, hEnd, 0, nh);

        final int t2 = shape.theta1Size();
        final int ctx = shape.contextOffset();
        final int hb = shape.hiddenBiasOffset();
        final int ob = shape.outputBiasOffset();
        final boolean oneHot = shape.encoding() == InputEncoding.ONE_HOT;
        Arrays.fill(dhNext, 0);
        for (int t = len - 1; t >= 0; t--) {
            final double[] d = delta[t];
            final double[] h = hidden[t + 1];
            final double[] hp = hidden[t];
            // output layer: dTheta2 += [h, 1]^T d ; dh = Theta2[0:H] d + dh from the next step's context
            for (int k = 0; k < nh; k++) {
                final int row = t2 + k * no;
                final double hk = h[k];
                double s = dhNext[k];
                for (int j = 0; j < no; j++) {
                    grad[row + j] += hk * d[j];
                    s += w[row + j] * d[j];
                }
                dh[k] = s;
            }
            for (int j = 0; j < no; j++) grad[ob + j] += d[j];
            for (int k = 0; k < nh; k++) dz[k] = dh[k] * shape.hidden().derivativeFromOutput(h[k]);
            // hidden layer: dTheta1 += [x, h(t-1), 1]^T dz ; the context rows carry dz back one step
            final int sym = x[from + t];
            if (oneHot) {
                final int row = sym * nh;
                for (int j = 0; j < nh; j++) grad[row + j] += dz[j];
            } else if (sym != 0) {
                for (int j = 0; j < nh; j++) grad[j] += sym * dz[j];
            }
            for (int j = 0; j < nh; j++) grad[hb + j] += dz[j];
            for (int k = 0; k < nh; k++) {
                final int row = ctx + k * nh;
                final double c = hp[k];
                double s = 0;
                for (int j = 0; j < nh; j++) {
                    grad[row + j] += c * dz[j];
                    s += w[row + j] * dz[j];
                }
                dhNext[k] = oneStep ? 0 : s;
            }
        }
        return loss;
    }
}
