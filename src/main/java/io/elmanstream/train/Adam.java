package io.elmanstream.train;

import java.util.Arrays;

/**
 * Adam updates with the gradient clipped by its norm first: the one update rule of the minibatch
 * fitters, so that they step alike.
 */
final class Adam {
    private static final double B1 = 0.9, B2 = 0.999, EPS = 1e-8;
    private double learningRate;
    private final double clipNorm;
    private final double[] m;
    private final double[] v;
    private long step;
    /** Updates since the moments were last zeroed: their bias correction. */
    private long sinceRestart;

    Adam(int parameters, double learningRate, double clipNorm) {
        this.learningRate = learningRate;
        this.clipNorm = clipNorm;
        this.m = new double[parameters];
        this.v = new double[parameters];
    }

    /** One update of {@code params} along {@code grad} (left as it was). */
    void step(double[] params, double[] grad) {
        double norm = Math.sqrt(Lbfgs.dot(grad, grad));
        double clip = norm > clipNorm ? clipNorm / norm : 1;
        step++;
        sinceRestart++;
        double c1 = 1 - Math.pow(B1, sinceRestart), c2 = 1 - Math.pow(B2, sinceRestart);
        for (int i = 0; i < params.length; i++) {
            double g = grad[i] * clip;
            m[i] = B1 * m[i] + (1 - B1) * g;
            v[i] = B2 * v[i] + (1 - B2) * g * g;
            params[i] -= learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPS);
        }
    }

    double learningRate() {
        return learningRate;
    }

    /** Lowers (or raises) the step size from the next update on. */
    void learningRate(double lr) {
        learningRate = lr;
    }

    /** Forgets the moments, as if starting afresh from the current weights (after going back to earlier ones). */
    void restart() {
        Arrays.fill(m, 0);
        Arrays.fill(v, 0);
        sinceRestart = 0;
    }

    long steps() {
        return step;
    }
}
