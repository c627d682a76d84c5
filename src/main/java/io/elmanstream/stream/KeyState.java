package io.elmanstream.stream;

/**
 * What the store keeps per (model, key): the model version that computed the hidden state, the
 * step within the current sequence, the hidden activations (the context units), the most recent
 * symbols, which rebuild the hidden state when a new model version arrives, and when the key was
 * last updated (wall-clock ms), for the idle-state sweep.
 */
public record KeyState(long modelVersion, long step, double[] hidden, RecentSymbols recent, long updatedMs) {
}
