package io.elmanstream.stream;

/**
 * What the store keeps per (model, key): the model version that computed the hidden state, the
 * step within the current sequence, the hidden activations (the context units), the most recent
 * symbols, which rebuild the hidden state when a new model version arrives, the last step's
 * normalizer (NaN when unknown; see {@link io.elmanstream.model.Prediction#normalizer}), and when the key was
 * last updated (wall-clock ms), for the idle-state sweep.
 */
public record KeyState(long modelVersion, long step, double[] hidden, double normalizer, RecentSymbols recent, long updatedMs) {

    /** A state without the last step's normalizer (the next step recomputes it). */
    public KeyState(long modelVersion, long step, double[] hidden, RecentSymbols recent, long updatedMs) {
        this(modelVersion, step, hidden, Double.NaN, recent, updatedMs);
    }
}
