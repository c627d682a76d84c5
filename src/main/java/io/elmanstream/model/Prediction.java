package io.elmanstream.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the net says at one step: the input symbol, the predicted symbol (the current label, or the
 * most likely next symbol) and the top probabilities, most likely first. The top list is kept as
 * two parallel arrays because a prediction is built for every event of the stream.
 */
public record Prediction(long step, String symbol, String predicted,
                         @JsonIgnore String[] topSymbols, @JsonIgnore double[] topProbabilities) {

    /** The top probabilities as an ordered map, most likely first. */
    @JsonProperty("probabilities")
    public Map<String, Double> probabilities() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < topSymbols.length; i++) m.put(topSymbols[i], topProbabilities[i]);
        return m;
    }
}
