package io.elmanstream.train;

/** A differentiable objective: returns f(x) and writes its gradient to {@code grad}. */
@FunctionalInterface
public interface CostFunction {
    double evaluate(double[] x, double[] grad);
}
