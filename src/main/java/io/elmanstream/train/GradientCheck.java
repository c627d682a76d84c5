package io.elmanstream.train;

/**
 * Compares an analytic gradient with central finite differences, component by component. The
 * relative error of a component is |analytic - numeric| / max(|analytic|, |numeric|, floor): the
 * floor keeps components that are zero up to rounding from dividing noise by noise.
 */
public final class GradientCheck {
    private static final double FLOOR = 1e-7;

    public record Result(double maxRelativeError, double maxAbsoluteError, int parameters) {
    }

    private GradientCheck() {
    }

    public static Result check(CostFunction f, double[] x, double h) {
        double[] analytic = new double[x.length];
        double[] scratch = new double[x.length];
        f.evaluate(x, analytic);
        double maxRel = 0, maxAbs = 0;
        for (int i = 0; i < x.length; i++) {
            double orig = x[i];
            x[i] = orig + h;
            double fp = f.evaluate(x, scratch);
            x[i] = orig - h;
            double fm = f.evaluate(x, scratch);
            x[i] = orig;
            double numeric = (fp - fm) / (2 * h);
            double abs = Math.abs(analytic[i] - numeric);
            double rel = abs / Math.max(FLOOR, Math.max(Math.abs(analytic[i]), Math.abs(numeric)));
            maxAbs = Math.max(maxAbs, abs);
            maxRel = Math.max(maxRel, rel);
        }
        return new Result(maxRel, maxAbs, x.length);
    }
}
