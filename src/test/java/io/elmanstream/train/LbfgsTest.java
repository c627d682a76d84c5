package io.elmanstream.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LbfgsTest {

    @Test
    void findsTheRosenbrockMinimum() {
        CostFunction rosen = (x, g) -> {
            double a = 1 - x[0], b = x[1] - x[0] * x[0];
            g[0] = -2 * a - 400 * x[0] * b;
            g[1] = 200 * b;
            return a * a + 100 * b * b;
        };
        double[] x = {-1.2, 1.0};
        OptimizerResult r = Lbfgs.defaults().minimize(rosen, x);
        assertEquals(1.0, x[0], 1e-5);
        assertEquals(1.0, x[1], 1e-5);
        assertTrue(r.cost() < 1e-10, "cost " + r.cost());
    }

    @Test
    void solvesAConvexQuadraticInFewIterations() {
        int n = 20;
        double[] diag = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            diag[i] = 1 + i;          // condition number 20
            b[i] = Math.sin(i + 1);
        }
        CostFunction quad = (x, g) -> {
            double f = 0;
            for (int i = 0; i < n; i++) {
                g[i] = diag[i] * x[i] - b[i];
                f += 0.5 * diag[i] * x[i] * x[i] - b[i] * x[i];
            }
            return f;
        };
        double[] x = new double[n];
        OptimizerResult r = Lbfgs.defaults().minimize(quad, x);
        for (int i = 0; i < n; i++) assertEquals(b[i] / diag[i], x[i], 1e-6);
        assertTrue(r.iterations() <= 40, "iterations " + r.iterations());
    }
}
