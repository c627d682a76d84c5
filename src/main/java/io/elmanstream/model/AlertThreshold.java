package io.elmanstream.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A model's alert threshold: a high quantile of the mean surprisal over {@code window} consecutive
 * scored steps, measured on held-out sequences, stored in the model's training report. A key
 * whose window mean rises above it is behaving as the held-out data did in only
 * {@code 1 - quantile} of its windows.
 *
 * @param window   the steps a mean is taken over
 * @param quantile the share of held-out windows at or below {@code bits} (null when set by hand)
 * @param bits     the threshold, bits per step
 * @param windows  how many held-out windows it was measured on (0 when set by hand)
 */
public record AlertThreshold(int window, Double quantile, double bits, long windows) {
    public static final int DEFAULT_WINDOW = 16;
    public static final double DEFAULT_QUANTILE = 0.999;

    public AlertThreshold {
        new AlertRule(window, bits, 0); // the same checks
        if (quantile != null && !(quantile > 0 && quantile < 1)) throw new IllegalArgumentException("quantile " + quantile + " is not in (0, 1)");
    }

    /** A threshold set by hand ({@code publish --alert-threshold}). */
    public static AlertThreshold manual(int window, double bits) {
        return new AlertThreshold(window, null, bits, 0);
    }

    /**
     * Measures the threshold of {@code model} on held-out sequences (each run from a zero state;
     * {@code targets} entries null for next-symbol models): every full window of {@code window}
     * consecutive scored steps gives one mean, the very windows and means the stream keeps
     * ({@link AlertScan}), and the threshold is the smallest mean with at least {@code quantile}
     * of them at or below it. Null when the held-out data has too few windows for that quantile to
     * mean anything (fewer than 1 / (1 - quantile)).
     */
    public static AlertThreshold measure(Model model, List<int[]> symbols, List<int[]> targets, int window, double quantile) {
        AlertRule neverRaises = new AlertRule(window, Double.MAX_VALUE, 0);
        List<Double> means = new ArrayList<>();
        for (int s = 0; s < symbols.size(); s++) {
            AlertScan.scan(model, neverRaises, symbols.get(s), targets == null ? null : targets.get(s), (t, p, step, scored) -> {
                if (scored && step.window().size() == window) means.add(step.window().meanBits());
            });
        }
        if (means.size() < Math.ceil(1 / (1 - quantile))) return null;
        double[] sorted = means.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int at = (int) Math.ceil(quantile * sorted.length) - 1;
        return new AlertThreshold(window, quantile, sorted[Math.max(0, at)], sorted.length);
    }

    /** One line for reports and /models. */
    public String describe() {
        return quantile == null ? String.format("%.4f bits over %d steps (set by hand)", bits, window)
                : String.format("%.4f bits over %d steps (the %s quantile of %,d held-out windows)", bits, window, quantile, windows);
    }
}
