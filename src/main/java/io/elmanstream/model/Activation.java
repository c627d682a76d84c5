package io.elmanstream.model;

import java.util.Locale;

/**
 * Unit activations. Hidden layers use {@link #SIGMOID} (the tutorial's) or {@link #TANH}; output
 * layers use {@link #SIGMOID} (independent units) or {@link #SOFTMAX} (one distribution over a
 * vocabulary). All work in place so the streaming step allocates nothing.
 */
public enum Activation {
    SIGMOID, TANH, SOFTMAX;

    /** Applies the activation to {@code v[0..n)} in place. */
    public void apply(double[] v, int n) {
        switch (this) {
            case SIGMOID -> {
                for (int i = 0; i < n; i++) v[i] = sigmoid(v[i]);
            }
            case TANH -> {
                for (int i = 0; i < n; i++) v[i] = tanh(v[i]);
            }
            case SOFTMAX -> softmax(v, n);
        }
    }

    /**
     * The float form of {@link #apply(double[], int)} for a hidden layer: tanh in float arithmetic
     * ({@link FloatStep#tanh}, no call to exp, so the loop vectorises), the logistic through it.
     * What the float serving step and float training compute, the same bits.
     */
    public void apply(float[] v, int n) {
        switch (this) {
            case TANH -> {
                for (int i = 0; i < n; i++) v[i] = FloatStep.tanh(v[i]);
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) v[i] = 0.5f + 0.5f * FloatStep.tanh(0.5f * v[i]);
            }
            case SOFTMAX -> throw new IllegalStateException("softmax is an output activation only");
        }
    }

    /**
     * The softmax of {@code v[0..n)} in place; returns log of the sum of e^v over the logits it
     * was given (max + log of the shifted sum), from which any one logit's probability follows
     * as e^(v - that).
     */
    static double softmax(double[] v, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, v[i]);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            v[i] = Math.exp(v[i] - max);
            sum += v[i];
        }
        for (int i = 0; i < n; i++) v[i] /= sum;
        return max + StrictMath.log(sum);
    }

    /** Applies an output activation in place; for softmax returns its log normalizer ({@link #softmax}), else NaN. */
    double applyOutput(double[] v, int n) {
        if (this == SOFTMAX) return softmax(v, n);
        apply(v, n);
        return Double.NaN;
    }

    /** Derivative of a hidden activation expressed through its output {@code a = f(z)}. */
    public double derivativeFromOutput(double a) {
        return switch (this) {
            case SIGMOID -> a * (1 - a);
            case TANH -> 1 - a * a;
            case SOFTMAX -> throw new IllegalStateException("softmax is an output activation only");
        };
    }

    /**
     * delta[i] *= f'(z[i]) for i < n, through the outputs {@code a = f(z)}: the float form of
     * {@link #derivativeFromOutput(double)} over a row, one loop per activation so that it vectorises.
     */
    public void multiplyByDerivative(float[] delta, float[] a, int n) {
        switch (this) {
            case SIGMOID -> {
                for (int i = 0; i < n; i++) delta[i] *= a[i] * (1 - a[i]);
            }
            case TANH -> {
                for (int i = 0; i < n; i++) delta[i] *= 1 - a[i] * a[i];
            }
            case SOFTMAX -> throw new IllegalStateException("softmax is an output activation only");
        }
    }

    public boolean allowedForHidden() {
        return this != SOFTMAX;
    }

    public static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }

    /**
     * tanh through the exp intrinsic: Math.tanh is not intrinsified and costs several times more,
     * which dominated the step of a 100-unit net. Exact to a few ulps; for |z| < 1e-5 the series
     * avoids the cancellation in 1 - 2/(e^2z + 1).
     */
    public static double tanh(double z) {
        double a = Math.abs(z);
        if (a < 1e-5) return z * (1 - z * z / 3);
        if (a > 20) return Math.copySign(1.0, z);
        double e = Math.exp(2 * a);
        return Math.copySign(1 - 2 / (e + 1), z);
    }

    /** Parses a lower-case name as used in model files and flags. */
    public static Activation parse(String name) {
        for (Activation a : values()) {
            if (a.name().equalsIgnoreCase(name)) return a;
        }
        throw new IllegalArgumentException("unknown activation '" + name + "' (expected sigmoid, tanh or softmax)");
    }

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
