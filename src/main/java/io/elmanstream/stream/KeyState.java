package io.elmanstream.stream;

import java.util.List;

/**
 * What the store keeps per (model, key): the model version that computed the hidden state, the
 * step within the current sequence, the hidden activations (the context units) and the most recent
 * symbols, which rebuild the hidden state when a new model version arrives.
 */
public record KeyState(long modelVersion, long step, double[] hidden, List<String> recent) {
}
