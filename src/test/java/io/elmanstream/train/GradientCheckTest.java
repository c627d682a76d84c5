package io.elmanstream.train;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {"xor", "hello", "text"})
    void exactGradientMatchesFiniteDifferences(String task) {
        GradientCheck.Result r = GradientCheckCase.named(task).run();
        assertTrue(r.maxRelativeError() <= 1e-6, task + ": max relative error " + r.maxRelativeError());
        assertTrue(r.maxAbsoluteError() <= GradientCheck.ZERO, task + ": max absolute error " + r.maxAbsoluteError());
        assertTrue(r.zeroComponents() < r.parameters() / 4, "most components are compared relatively");
    }

    @ParameterizedTest
    @ValueSource(strings = {"xor", "hello", "text"})
    void theTutorialsOneStepGradientIsMeasurablyWrong(String task) {
        assertTrue(GradientCheckCase.named(task).runTutorialGradient().maxRelativeError() > 0.01);
    }

    @ParameterizedTest
    @ValueSource(strings = {"xor", "text"})
    void checkDetectsAWrongGradient(String task) {
        GradientCheckCase c = GradientCheckCase.named(task);
        ElmanCost exact = new ElmanCost(c.shape(), c.data());
        // the tutorial's mistake in spirit: a gradient that is off by a little must be caught
        CostFunction skewed = (x, g) -> {
            double f = exact.evaluate(x, g);
            g[g.length / 2] *= 1.01;
            return f;
        };
        double[] x = new double[c.shape().paramCount()];
        Trainer.initialise(x, new Random(1), c.scale());
        assertTrue(GradientCheck.check(skewed, x, 1e-5).maxRelativeError() > 1e-3);
    }
}
