package io.elmanstream.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** One prediction as a console line: key, step, input, prediction with its probability, target, surprisal. */
final class PredictionLine {
    private PredictionLine() {
    }

    static String format(JsonNode p) {
        String predicted = p.path("predicted").asText();
        double prob = p.path("probabilities").path(predicted).asDouble(Double.NaN);
        String target = p.hasNonNull("target") ? "  target " + PredictCommand.show(p.get("target").asText())
                + (p.get("target").asText().equals(predicted) ? " ok" : " MISS") : "";
        return String.format("%-10s %-6s v%-2d step %4d  in %-3s -> %-3s p=%.3f%s%s", p.path("key").asText(), p.path("model").asText(),
                p.path("modelVersion").asLong(), p.path("step").asLong(), PredictCommand.show(p.path("symbol").asText()),
                PredictCommand.show(predicted), prob, target, surprisal(p.hasNonNull("surprisal") ? p.get("surprisal").asDouble() : null));
    }

    /** The surprisal column: "  surprisal 1.23 bits", or nothing when the step has none. */
    static String surprisal(Double bits) {
        return bits == null ? "" : String.format("  surprisal %.2f bits", bits);
    }

    /** An alert or its clearing, one line: key, model, steps, the window's mean against the threshold, the peak. */
    static String formatAlert(JsonNode a) {
        JsonNode peak = a.path("peak");
        boolean raised = a.path("type").asText().equals("alert");
        return String.format("%s %s %s v%d steps %d-%d: mean %.2f bits %s %.2f%s%s", raised ? "ALERT  " : "CLEARED", a.path("key").asText(),
                a.path("model").asText(), a.path("modelVersion").asLong(), a.path("fromStep").asLong(), a.path("toStep").asLong(),
                a.path("meanBits").asDouble(), raised ? "above" : "below", raised ? a.path("thresholdBits").asDouble() : a.path("clearBelowBits").asDouble(),
                raised ? String.format("; most surprising step %d: %s (%.1f bits) where it expected %s", peak.path("step").asLong(),
                        PredictCommand.show(peak.path("symbol").asText("?")), peak.path("bits").asDouble(), PredictCommand.show(peak.path("expected").asText("?"))) : "",
                a.hasNonNull("reason") ? " (" + a.get("reason").asText() + ")" : "");
    }

    static String formatDeadLetter(JsonNode d) {
        return String.format("DEAD LETTER %s[%d]@%d key=%s stage=%s: %s", d.path("topic").asText(), d.path("partition").asInt(),
                d.path("offset").asLong(), d.path("key").asText(), d.path("stage").asText(), d.path("error").asText());
    }
}
