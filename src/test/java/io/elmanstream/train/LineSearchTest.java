package io.elmanstream.train;

import org.junit.jupiter.api.Test;

import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * L-BFGS's strong-Wolfe line search on one-dimensional functions whose steps can be worked out by
 * hand: how many evaluations each branch takes and where it stops (from x = 0 along d = +1).
 */
class LineSearchTest {

    private record Result(double f, double x, int evaluations, boolean found) {
    }

    private static Result search(DoubleUnaryOperator f, DoubleUnaryOperator df, double a1) {
        CostFunction cost = (x, g) -> {
            g[0] = df.applyAsDouble(x[0]);
            return f.applyAsDouble(x[0]);
        };
        Lbfgs.LineSearch ls = new Lbfgs.LineSearch(cost, 1);
        double[] xBest = new double[1];
        double[] gBest = new double[1];
        double dg0 = df.applyAsDouble(0);
        double fBest = ls.search(new double[]{0}, f.applyAsDouble(0), new double[]{dg0}, new double[]{1}, dg0, a1, xBest, gBest);
        assertEquals(df.applyAsDouble(xBest[0]), gBest[0], 0, "the gradient handed back is the one at the point handed back");
        return new Result(fBest, xBest[0], ls.evaluations, ls.found);
    }

    /** f(a) <= f(0) + c1 a f'(0) and |f'(a)| <= c2 |f'(0)|. */
    private static void assertStrongWolfe(DoubleUnaryOperator f, DoubleUnaryOperator df, Result r) {
        assertTrue(r.found());
        assertEquals(f.applyAsDouble(r.x()), r.f(), 0);
        assertTrue(r.f() <= f.applyAsDouble(0) + Lbfgs.C1 * r.x() * df.applyAsDouble(0), "sufficient decrease: " + r);
        assertTrue(Math.abs(df.applyAsDouble(r.x())) <= Lbfgs.C2 * Math.abs(df.applyAsDouble(0)), "curvature: " + r);
    }

    @Test
    void aFirstStepThatMeetsBothConditionsIsTakenAsItIs() {
        Result r = search(x -> (x - 3) * (x - 3), x -> 2 * (x - 3), 1);
        assertEquals(1, r.x(), 0);
        assertEquals(1, r.evaluations());
        assertStrongWolfe(x -> (x - 3) * (x - 3), x -> 2 * (x - 3), r);
    }

    @Test
    void anOvershootIsZoomedAndTheCubicFindsAQuadraticsMinimumAtOnce() {
        Result r = search(x -> (x - 3) * (x - 3), x -> 2 * (x - 3), 10);
        assertEquals(3, r.x(), 1e-12);
        assertEquals(0, r.f(), 1e-20);
        assertEquals(2, r.evaluations());
    }

    @Test
    void aStepStillTooSteepDoublesUntilTheSlopeHasFlattened() {
        // f' at 1, 2, 4, 8 is -198, -196, -192, -184 (steeper than 0.9 x 200 = 180); at 16 it is -168
        Result r = search(x -> (x - 100) * (x - 100), x -> 2 * (x - 100), 1);
        assertEquals(16, r.x(), 0);
        assertEquals(5, r.evaluations());
        assertStrongWolfe(x -> (x - 100) * (x - 100), x -> 2 * (x - 100), r);
    }

    @Test
    void aStepPastTheMinimumWithASteepRiseIsZoomedBackward() {
        // at 5.9: f = 8.41 < 9 but f' = 5.8 > 0.9 x 6: the minimum lies between 0 and 5.9
        Result r = search(x -> (x - 3) * (x - 3), x -> 2 * (x - 3), 5.9);
        assertEquals(3, r.x(), 1e-12);
        assertEquals(2, r.evaluations());
    }

    @Test
    void aNonFiniteCostIsBracketedAndBisected() {
        DoubleUnaryOperator f = x -> x > 5 ? Double.NaN : (x - 3) * (x - 3);
        DoubleUnaryOperator df = x -> x > 5 ? Double.NaN : 2 * (x - 3);
        Result r = search(f, df, 10);
        assertEquals(5, r.x(), 0, "the midpoint of [0, 10]");
        assertEquals(2, r.evaluations());
        assertStrongWolfe(f, df, r);
    }

    @Test
    void aCostThatStopsFallingWhileDoublingIsZoomedInsideTheLastBracket() {
        // nearly |x - 3|: the slope stays steep until past the minimum; f(4) = f(2), so the search zooms in [2, 4]
        DoubleUnaryOperator f = x -> Math.sqrt(0.01 + (x - 3) * (x - 3));
        DoubleUnaryOperator df = x -> (x - 3) / Math.sqrt(0.01 + (x - 3) * (x - 3));
        Result r = search(f, df, 1);
        assertStrongWolfe(f, df, r);
        assertTrue(r.x() > 2 && r.x() < 4, r.toString());
        assertTrue(r.evaluations() > 3 && r.evaluations() < 10, r.toString());
    }

    @Test
    void theCubicStepIsExactOnACubicAndFallsBackToTheMidpoint() {
        assertEquals(0.3, Lbfgs.LineSearch.cubicMin(0, 0.09, -0.6, 1, 0.49, 1.4), 1e-12, "(a - 0.3)^2");
        assertEquals(0.3, Lbfgs.LineSearch.cubicMin(1, 0.49, 1.4, 0, 0.09, -0.6), 1e-12, "either order");
        // f = a^3 - 3a on [0, 3]: minimum at 1, inside the margins
        assertEquals(1, Lbfgs.LineSearch.cubicMin(0, 0, -3, 3, 18, 24), 1e-12);
        assertEquals(1.5, Lbfgs.LineSearch.cubicMin(0, 0, -3, 3, Double.NaN, 24), 0, "no value at the far end");
        assertEquals(1.5, Lbfgs.LineSearch.cubicMin(0, 0, -3, 3, 18, Double.POSITIVE_INFINITY), 0, "no slope at the far end");
        assertEquals(0.5, Lbfgs.LineSearch.cubicMin(0, 0, -1, 1, -2, -3), 0, "no minimum in between: the midpoint");
        // a minimum within a tenth of the bracket's end is not trusted: (a - 0.05)^2 on [0, 1]
        assertEquals(0.5, Lbfgs.LineSearch.cubicMin(0, 0.0025, -0.1, 1, 0.9025, 1.9), 0);
        assertEquals(0.15, Lbfgs.LineSearch.cubicMin(0, 0.0225, -0.3, 1, 0.7225, 1.7), 1e-12, "just inside the margin");
    }
}
