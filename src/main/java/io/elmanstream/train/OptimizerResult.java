package io.elmanstream.train;

/** Where an optimizer stopped: the cost there, the work it took, and why it stopped. */
public record OptimizerResult(double cost, int iterations, int evaluations, String stopReason) {
}
