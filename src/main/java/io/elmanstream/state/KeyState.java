package io.elmanstream.state;

import io.elmanstream.model.SurpriseWindow;

/**
 * What the store keeps per (model, key): the model version that computed the hidden state, the
 * step within the current sequence, the hidden activations (the context units), the most recent
 * symbols, which rebuild the hidden state when a new model version arrives, the last step's
 * normalizer (NaN when unknown; see {@link io.elmanstream.model.Prediction#normalizer}), when the key was
 * last updated (wall-clock ms), for the idle-state sweep, and its window of recent surprisals with
 * whether an alert is open (empty for a model that raises no alerts).
 *
 * <p>Immutable once made: the key state cache hands the same object to every reader until the next
 * event of the key, so nobody may change it in place. The constructor takes the array it is given
 * (the processor's fresh output of the step, no copy per event); {@link #hidden()} returns a copy,
 * and only this package's readers, which never write, see the array itself.
 */
public record KeyState(long modelVersion, long step, double[] hidden, double normalizer, RecentSymbols recent, long updatedMs,
                       SurpriseWindow surprise) {

    /** A state without a surprise window. */
    public KeyState(long modelVersion, long step, double[] hidden, double normalizer, RecentSymbols recent, long updatedMs) {
        this(modelVersion, step, hidden, normalizer, recent, updatedMs, SurpriseWindow.EMPTY);
    }

    /** A state without the last step's normalizer (the next step recomputes it). */
    public KeyState(long modelVersion, long step, double[] hidden, RecentSymbols recent, long updatedMs) {
        this(modelVersion, step, hidden, Double.NaN, recent, updatedMs);
    }

    /** A copy of the hidden activations: changing it changes no state. */
    @Override
    public double[] hidden() {
        return hidden.clone();
    }

    /** The hidden activations themselves, for readers in this package that only read them (the step, the serde). */
    public double[] sharedHidden() {
        return hidden;
    }
}
