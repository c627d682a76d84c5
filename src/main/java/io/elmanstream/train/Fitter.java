package io.elmanstream.train;

/** Fits a net's parameters in place, starting from the values given; one strategy per optimizer. */
public interface Fitter {
    OptimizerResult fit(double[] params, Progress progress);

    /** Name recorded in the training report. */
    String name();
}
