package io.elmanstream.train;

/**
 * Limited-memory BFGS with a strong-Wolfe line search (Nocedal and Wright, algorithms 7.4, 3.5
 * and 3.6), for small full-batch problems such as xor and hello. It plays the part of the
 * tutorial's scipy {@code fmin_tnc} and Matlab {@code fmincg}: a second-order-ish method that needs
 * no learning rate.
 *
 * @param memory        correction pairs kept
 * @param maxIterations iteration cap
 * @param gradientTol   stop when the largest gradient component is below this
 * @param costTarget    stop as soon as the cost is below this (use -infinity to disable)
 */
public record Lbfgs(int memory, int maxIterations, double gradientTol, double costTarget) {
    static final double C1 = 1e-4;
    static final double C2 = 0.9;
    private static final int MAX_LINE_EVALS = 25;

    public static Lbfgs defaults() {
        return new Lbfgs(10, 500, 1e-6, Double.NEGATIVE_INFINITY);
    }

    /** Minimises {@code f} starting from {@code x}, which is updated in place. */
    public OptimizerResult minimize(CostFunction f, double[] x) {
        final int n = x.length;
        double[][] s = new double[memory][n];
        double[][] y = new double[memory][n];
        double[] rho = new double[memory];
        double[] alpha = new double[memory];
        double[] g = new double[n];
        double[] d = new double[n];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        LineSearch ls = new LineSearch(f, n);

        double fx = f.evaluate(x, g);
        int evals = 1;
        int stored = 0;
        int head = 0;
        int iter = 0;
        String reason = "iteration limit";
        while (true) {
            if (!Double.isFinite(fx)) {
                reason = "non-finite cost";
                break;
            }
            if (fx < costTarget) {
                reason = "cost target reached";
                break;
            }
            if (maxAbs(g) < gradientTol) {
                reason = "gradient below tolerance";
                break;
            }
            if (iter >= maxIterations) break;
            // two-loop recursion: d = -H g
            for (int i = 0; i < n; i++) d[i] = -g[i];
            for (int k = 0; k < stored; k++) {
                int j = Math.floorMod(head - 1 - k, memory);
                alpha[j] = rho[j] * dot(s[j], d);
                axpy(-alpha[j], y[j], d);
            }
            if (stored > 0) {
                int j = Math.floorMod(head - 1, memory);
                double gamma = dot(s[j], y[j]) / dot(y[j], y[j]);
                for (int i = 0; i < n; i++) d[i] *= gamma;
            }
            for (int k = stored - 1; k >= 0; k--) {
                int j = Math.floorMod(head - 1 - k, memory);
                double beta = rho[j] * dot(y[j], d);
                axpy(alpha[j] - beta, s[j], d);
            }
            double dg = dot(d, g);
            if (dg >= 0) { // not a descent direction: forget the curvature and go downhill
                for (int i = 0; i < n; i++) d[i] = -g[i];
                dg = dot(d, g);
                stored = 0;
            }
            double step0 = iter == 0 && stored == 0 ? Math.min(1.0, 1.0 / Math.sqrt(dot(g, g))) : 1.0;
            double fNew = ls.search(x, fx, g, d, dg, step0, xNew, gNew);
            evals += ls.evaluations;
            if (!ls.found) {
                if (stored == 0) {
                    reason = "line search failed";
                    break;
                }
                stored = 0; // retry once along the steepest descent direction
                iter++;
                continue;
            }
            double[] sj = s[head];
            double[] yj = y[head];
            for (int i = 0; i < n; i++) {
                sj[i] = xNew[i] - x[i];
                yj[i] = gNew[i] - g[i];
            }
            double sy = dot(sj, yj);
            if (sy > 1e-12) {
                rho[head] = 1.0 / sy;
                head = (head + 1) % memory;
                stored = Math.min(stored + 1, memory);
            }
            double fOld = fx;
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
            iter++;
            if (Math.abs(fOld - fx) <= 1e-13 * Math.max(1, Math.abs(fx))) {
                reason = "no further progress";
                break;
            }
        }
        return new OptimizerResult(fx, iter, evals, reason);
    }

    /** Strong-Wolfe line search by bracketing and zooming with cubic interpolation. */
    static final class LineSearch {
        private final CostFunction f;
        private final double[] xt;
        private final double[] gt;
        int evaluations;
        boolean found;

        LineSearch(CostFunction f, int n) {
            this.f = f;
            this.xt = new double[n];
            this.gt = new double[n];
        }

        private double phi(double[] x, double[] d, double a, double[] xOut, double[] gOut) {
            for (int i = 0; i < x.length; i++) xOut[i] = x[i] + a * d[i];
            evaluations++;
            return f.evaluate(xOut, gOut);
        }

        double search(double[] x, double f0, double[] g0, double[] d, double dg0, double a1,
                      double[] xBest, double[] gBest) {
            evaluations = 0;
            found = false;
            double aPrev = 0, fPrev = f0, dPrev = dg0;
            double a = a1;
            for (int i = 0; i < MAX_LINE_EVALS; i++) {
                double fa = phi(x, d, a, xt, gt);
                double da = dot(gt, d);
                if (!Double.isFinite(fa) || fa > f0 + C1 * a * dg0 || (i > 0 && fa >= fPrev)) {
                    return zoom(x, f0, dg0, d, aPrev, fPrev, dPrev, a, fa, da, xBest, gBest);
                }
                if (Math.abs(da) <= -C2 * dg0) {
                    return accept(fa, xBest, gBest);
                }
                if (da >= 0) {
                    return zoom(x, f0, dg0, d, a, fa, da, aPrev, fPrev, dPrev, xBest, gBest);
                }
                aPrev = a;
                fPrev = fa;
                dPrev = da;
                a *= 2;
            }
            return f0;
        }

        private double accept(double fa, double[] xBest, double[] gBest) {
            System.arraycopy(xt, 0, xBest, 0, xt.length);
            System.arraycopy(gt, 0, gBest, 0, gt.length);
            found = true;
            return fa;
        }

        private double zoom(double[] x, double f0, double dg0, double[] d, double lo, double fLo, double dLo,
                            double hi, double fHi, double dHi, double[] xBest, double[] gBest) {
            for (int i = 0; i < MAX_LINE_EVALS && evaluations < 2 * MAX_LINE_EVALS; i++) {
                double a = cubicMin(lo, fLo, dLo, hi, fHi, dHi);
                double fa = phi(x, d, a, xt, gt);
                double da = dot(gt, d);
                if (!Double.isFinite(fa) || fa > f0 + C1 * a * dg0 || fa >= fLo) {
                    hi = a;
                    fHi = fa;
                    dHi = da;
                } else {
                    if (Math.abs(da) <= -C2 * dg0) return accept(fa, xBest, gBest);
                    if (da * (hi - lo) >= 0) {
                        hi = lo;
                        fHi = fLo;
                        dHi = dLo;
                    }
                    lo = a;
                    fLo = fa;
                    dLo = da;
                }
                if (Math.abs(hi - lo) < 1e-14) break;
            }
            // accept any decrease found rather than give up the iteration
            if (lo > 0 && fLo < f0) {
                double fa = phi(x, d, lo, xt, gt);
                return accept(fa, xBest, gBest);
            }
            return f0;
        }

        /** Minimiser of the cubic through both points with their slopes, kept inside the bracket. */
        static double cubicMin(double a, double fa, double da, double b, double fb, double db) {
            double d1 = da + db - 3 * (fa - fb) / (a - b);
            double disc = d1 * d1 - da * db;
            double lo = Math.min(a, b), hi = Math.max(a, b);
            double mid = 0.5 * (a + b);
            if (!Double.isFinite(fb) || !Double.isFinite(db) || disc < 0) return mid;
            double d2 = Math.signum(b - a) * Math.sqrt(disc);
            double t = b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
            double margin = 0.1 * (hi - lo);
            if (!Double.isFinite(t) || t < lo + margin || t > hi - margin) return mid;
            return t;
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) y[i] += a * x[i];
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double e : v) m = Math.max(m, Math.abs(e));
        return m;
    }
}
