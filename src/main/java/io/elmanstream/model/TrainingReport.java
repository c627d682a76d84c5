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
 * @param alert       the alert threshold measured on held-out data or set by hand; null: the model raises no alerts
 */
public record TrainingReport(String data, long seed, String optimizer, double cost, long evaluations,
                             int restarts, String validation, boolean passed, long millis, AlertThreshold alert) {

    /** A report with no alert threshold. */
    public TrainingReport(String data, long seed, String optimizer, double cost, long evaluations, int restarts, String validation,
                          boolean passed, long millis) {
        this(data, seed, optimizer, cost, evaluations, restarts, validation, passed, millis, null);
    }

    /** This report with another alert threshold. */
    public TrainingReport withAlert(AlertThreshold threshold) {
        return new TrainingReport(data, seed, optimizer, cost, evaluations, restarts, validation, passed, millis, threshold);
    }
}
