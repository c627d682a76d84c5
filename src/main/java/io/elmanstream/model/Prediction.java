package io.elmanstream.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the net says at one step: the input symbol, the predicted symbol (the current label, or the
 * most likely next symbol), the top probabilities, most likely first, and the surprisal of this
 * event in bits (NaN when there is none, see {@link Predictor#step}), and for a softmax output the
 * log of its normalizer, which a stream keeps with the hidden state so that the next event's
 * surprisal needs no second pass over the outputs; for sigmoid units over several symbols the sum
 * of the units, for the same use (NaN otherwise). The top list is kept as two
 * parallel arrays because a prediction is built for every event of the stream.
 */
public record Prediction(long step, String symbol, String predicted,
                         @JsonIgnore String[] topSymbols, @JsonIgnore double[] topProbabilities,
                         @JsonIgnore double surprisal, @JsonIgnore double normalizer) {

    /** The top probabilities as an ordered map, most likely first. */
    @JsonProperty("probabilities")
    public Map<String, Double> probabilities() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < topSymbols.length; i++) m.put(topSymbols[i], topProbabilities[i]);
        return m;
    }

    /** The surprisal in bits, or null when this step has none (left out of JSON then). */
    @JsonProperty("surprisal")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public Double surprisalBits() {
        return Double.isNaN(surprisal) ? null : surprisal;
    }

    /** This prediction at another step number (a stream's step count runs on where an offline run starts at 0). */
    public Prediction atStep(long newStep) {
        return new Prediction(newStep, symbol, predicted, topSymbols, topProbabilities, surprisal, normalizer);
    }
}
