package io.elmanstream.model;

import java.util.Arrays;

/**
 * What the alert rule keeps per key: the last W scored steps (step number, surprisal in bits as a
 * float, the symbol the model expected there), what the model expects next, and whether an alert
 * is open. The stream keeps one with every key's state and the offline run ({@link AlertScan})
 * keeps one per sequence; both go through {@link #next}, so they raise the same alerts.
 *
 * <p>Immutable: each step makes a new window (two longs per step of the window, copied once), because
 * the key state cache hands the same state object to readers until the key's next event.
 */
public final class SurpriseWindow {
    /** No step seen: a new key, a reset, or a model version that starts afresh. */
    public static final SurpriseWindow EMPTY = new SurpriseWindow(new long[0], -1, false);

    /** Steps oldest first, two longs each: the step number, then the surprisal's float bits (high half) and the expected symbol (low half). */
    private final long[] slots;
    private final int expectNext;
    private final boolean open;

    /** A window as stored: slots as {@link #slots()} gives them. */
    public SurpriseWindow(long[] slots, int expectNext, boolean open) {
        if (slots.length % 2 != 0 || slots.length / 2 > AlertRule.MAX_WINDOW) {
            throw new IllegalArgumentException("a surprise window holds up to " + AlertRule.MAX_WINDOW + " steps of two longs, not " + slots.length + " longs");
        }
        this.slots = slots;
        this.expectNext = expectNext;
        this.open = open;
    }

    /** What changed at a step: nothing, an alert opened, or the open one cleared. */
    public enum Change { NONE, RAISED, CLEARED }

    /** The window after a step, and what changed. */
    public record Step(SurpriseWindow window, Change change) {
    }

    /**
     * The window after one more prediction of a model with this objective. {@code best} is the index
     * of the prediction's most likely symbol: for a next-symbol model it is what the next step's
     * surprisal is measured against, for a label model what this step's is. A step without a
     * surprisal (a next-symbol model's first, a label event without a target) changes nothing but
     * what is expected next.
     */
    public Step next(AlertRule rule, Objective objective, Prediction p, int best) {
        double bits = p.surprisal();
        if (Double.isNaN(bits)) {
            if (objective == Objective.LABEL || best == expectNext) return new Step(this, Change.NONE);
            return new Step(new SurpriseWindow(slots, best, open), Change.NONE);
        }
        int expected = objective == Objective.LABEL ? best : expectNext;
        int n = Math.min(size() + 1, rule.window());
        long[] s = new long[2 * n];
        int keep = n - 1;
        System.arraycopy(slots, slots.length - 2 * keep, s, 0, 2 * keep);
        s[2 * keep] = p.step();
        s[2 * keep + 1] = (long) Float.floatToRawIntBits((float) bits) << 32 | (expected & 0xFFFFFFFFL);
        double mean = meanBits(s);
        boolean nowOpen = open ? mean >= rule.threshold() - rule.hysteresis() : n == rule.window() && mean > rule.threshold();
        return new Step(new SurpriseWindow(s, best, nowOpen), nowOpen == open ? Change.NONE : nowOpen ? Change.RAISED : Change.CLEARED);
    }

    /** How many steps the window holds (up to the rule's window). */
    public int size() {
        return slots.length / 2;
    }

    public boolean open() {
        return open;
    }

    /** The symbol index the model expects next (-1 before the first step). */
    public int expectNext() {
        return expectNext;
    }

    /** The mean surprisal in bits over the window's steps, summed oldest first (NaN when empty). */
    public double meanBits() {
        return meanBits(slots);
    }

    private static double meanBits(long[] slots) {
        int n = slots.length / 2;
        if (n == 0) return Double.NaN;
        double sum = 0;
        for (int i = 0; i < n; i++) sum += Float.intBitsToFloat((int) (slots[2 * i + 1] >>> 32));
        return sum / n;
    }

    /** Step number of entry i (0 = oldest). */
    public long step(int i) {
        return slots[2 * i];
    }

    /** Surprisal in bits of entry i. */
    public float bits(int i) {
        return Float.intBitsToFloat((int) (slots[2 * i + 1] >>> 32));
    }

    /** The symbol index the model expected at entry i (-1 unknown). */
    public int expected(int i) {
        return (int) slots[2 * i + 1];
    }

    /** The entry with the largest surprisal (the first of equals). */
    public int peak() {
        int best = 0;
        for (int i = 1; i < size(); i++) if (bits(i) > bits(best)) best = i;
        return best;
    }

    /** The stored form: two longs per step, oldest first (shared, not copied: do not change it). */
    public long[] slots() {
        return slots;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SurpriseWindow w && w.expectNext == expectNext && w.open == open && Arrays.equals(w.slots, slots);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(slots) + expectNext) + (open ? 1 : 0);
    }

    @Override
    public String toString() {
        return "SurpriseWindow[" + size() + " steps, mean " + meanBits() + " bits, " + (open ? "open" : "closed") + "]";
    }
}
