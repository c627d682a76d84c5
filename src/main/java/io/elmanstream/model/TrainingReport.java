package io.elmanstream.model;

/**
 * How a model was trained, stored in the model file so that a published model explains itself.
 *
 * @param data        a one-line summary of the training data
 * @param seed        the random seed that reproduces the run
 * @param optimizer   the optimizer used
 * @param cost        the final training cost (mean cross-entropy per labelled step)
 * @param evaluations cost-and-gradient evaluations over all restarts
 * @param restarts    restarts before the accepted fit (0 = the first fit passed)
 * @param validation  the validation check and its result
 * @param passed      whether the validation check passed
 * @param millis      wall time of the whole training
 */
public record TrainingReport(String data, long seed, String optimizer, double cost, long evaluations,
                             int restarts, String validation, boolean passed, long millis) {
}
