package io.elmanstream.model;

import java.util.Map;

/**
 * What the net says at one step: the input symbol, the predicted symbol (the current label, or the
 * most likely next symbol) and the top probabilities, most likely first.
 */
public record Prediction(long step, String symbol, String predicted, Map<String, Double> probabilities) {
}
