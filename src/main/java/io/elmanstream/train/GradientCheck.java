package io.elmanstream.train;

/**
 * Compares an analytic gradient with central finite differences, component by component, using
 * the five-point stencil (error O(h^4), so truncation does not mask a wrong gradient). The
 * relative error of a component is |analytic - numeric| / max(|analytic|, |numeric|). Components
 * whose analytic and numeric values are both below {@link #ZERO} (for example the weights of an
 * input symbol that never occurs, whose gradient is exactly 0 while the difference quotient is
 * rounding noise around 1e-13) have no meaningful relative error: they are counted apart and must
 * agree to {@link #ZERO} in absolute terms.
 */
public final class GradientCheck {
    public static final double ZERO = 1e-9;

    public record Result(double maxRelativeError, double maxAbsoluteError, int parameters, int zeroComponents) {
    }

    private GradientCheck() {
    }

    public static Result check(CostFunction f, double[] x, double h) {
        double[] analytic = new double[x.length];
        double[] scratch = new double[x.length];
        f.evaluate(x, analytic);
        double maxRel = 0, maxAbs = 0;
        int zeros = 0;
        for (int i = 0; i < x.length; i++) {
            double orig = x[i];
            x[i] = orig + 2 * h;
            double fp2 = f.evaluate(x, scratch);
            x[i] = orig + h;
            double fp = f.evaluate(x, scratch);
            x[i] = orig - h;
            double fm = f.evaluate(x, scratch);
            x[i] = orig - 2 * h;
            double fm2 = f.evaluate(x, scratch);
            x[i] = orig;
            double numeric = (-fp2 + 8 * fp - 8 * fm + fm2) / (12 * h);
            double abs = Math.abs(analytic[i] - numeric);
            double scale = Math.max(Math.abs(analytic[i]), Math.abs(numeric));
            maxAbs = Math.max(maxAbs, abs);
            if (scale < ZERO) zeros++;
            else maxRel = Math.max(maxRel, abs / scale);
        }
        return new Result(maxRel, maxAbs, x.length, zeros);
    }
}
