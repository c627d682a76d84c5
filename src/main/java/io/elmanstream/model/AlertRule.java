package io.elmanstream.model;

/**
 * When a key is behaving unlike anything its model expects: the mean surprisal (bits) of its last
 * {@code window} scored events rising above {@code threshold} opens an alert; it closes when the
 * mean falls below {@code threshold - hysteresis}, so a mean that hovers at the threshold opens one
 * alert, not a storm of them.
 */
public record AlertRule(int window, double threshold, double hysteresis) {
    /** The largest window: a key's window is kept with its state and written on every event. */
    public static final int MAX_WINDOW = 1024;

    public AlertRule {
        if (window < 1 || window > MAX_WINDOW) throw new IllegalArgumentException("alert window " + window + " is not in 1.." + MAX_WINDOW);
        if (!(threshold >= 0) || Double.isInfinite(threshold)) throw new IllegalArgumentException("alert threshold " + threshold + " bits is not a finite number >= 0");
        if (!(hysteresis >= 0) || hysteresis > threshold) {
            throw new IllegalArgumentException("alert hysteresis " + hysteresis + " bits is not in 0.." + threshold + " (the threshold)");
        }
    }
}
