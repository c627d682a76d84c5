package io.elmanstream.model;

import java.util.Arrays;

/**
 * What the alert rule keeps per key: the last W scored steps (step number, surprisal in bits as a
 * float, the symbol the model expected there), what the model expects next, and whether an alert
 * is open. The stream keeps one with every key's state and the offline run ({@link AlertScan})
 * keeps one per sequence; both go through {@link #next}, so they raise the same alerts.
 *
 * <p>Immutable to its readers, because the key state cache hands the same state object to readers
 * (queries, the live page) until the key's next event. To keep the per-event path free of a copy of
 * the window, the windows of one key share a buffer with room for {@link #ROOM} windows: a step
 * writes its entry past the end of every window made so far, which no reader looks at, so the
 * window's steps are copied (into a fresh buffer) once every {@code (ROOM - 1) x W} steps, not at
 * every step. A step made from a window that is not the buffer's newest (a replay after an aborted
 * transaction) copies, so no window ever changes.
 */
public final class SurpriseWindow {
    /** Windows a buffer holds before its steps move to a fresh one. */
    static final int ROOM = 4;

    /** No step seen: a new key, a reset, or a model version that starts afresh. */
    public static final SurpriseWindow EMPTY = new SurpriseWindow(new long[0], -1, false);

    /**
     * Steps of one key's successive windows, two longs each: the step number, then the surprisal's
     * float bits (high half) and the expected symbol (low half). {@code filled} steps are written;
     * only the stream thread that owns the key appends, and only past every published window.
     */
    private static final class Buffer {
        final long[] slots;
        int filled;

        Buffer(long[] slots, int filled) {
            this.slots = slots;
            this.filled = filled;
        }
    }

    private final Buffer buffer;
    /** This window's first step in the buffer and its number of steps. */
    private final int from;
    private final int size;
    private final int expectNext;
    private final boolean open;

    /** A window as stored: slots as {@link #slots()} gives them. */
    public SurpriseWindow(long[] slots, int expectNext, boolean open) {
        this(new Buffer(checked(slots), slots.length / 2), 0, slots.length / 2, expectNext, open);
    }

    private SurpriseWindow(Buffer buffer, int from, int size, int expectNext, boolean open) {
        this.buffer = buffer;
        this.from = from;
        this.size = size;
        this.expectNext = expectNext;
        this.open = open;
    }

    private static long[] checked(long[] slots) {
        if (slots.length % 2 != 0 || slots.length / 2 > AlertRule.MAX_WINDOW) {
            throw new IllegalArgumentException("a surprise window holds up to " + AlertRule.MAX_WINDOW + " steps of two longs, not " + slots.length + " longs");
        }
        return slots;
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
            return new Step(new SurpriseWindow(buffer, from, size, best, open), Change.NONE);
        }
        int expected = objective == Objective.LABEL ? best : expectNext;
        int n = Math.min(size + 1, rule.window());
        Buffer b = buffer;
        int end = from + size;
        if (end != b.filled || 2 * (end + 1) > b.slots.length) {
            b = new Buffer(new long[2 * ROOM * rule.window()], n - 1);
            System.arraycopy(buffer.slots, 2 * (end - (n - 1)), b.slots, 0, 2 * (n - 1));
            end = n - 1;
        }
        b.slots[2 * end] = p.step();
        b.slots[2 * end + 1] = (long) Float.floatToRawIntBits((float) bits) << 32 | (expected & 0xFFFFFFFFL);
        b.filled = end + 1;
        SurpriseWindow w = new SurpriseWindow(b, end + 1 - n, n, best, open);
        double mean = w.meanBits();
        boolean nowOpen = open ? mean >= rule.threshold() - rule.hysteresis() : n == rule.window() && mean > rule.threshold();
        if (nowOpen != open) w = new SurpriseWindow(b, w.from, n, best, nowOpen);
        return new Step(w, nowOpen == open ? Change.NONE : nowOpen ? Change.RAISED : Change.CLEARED);
    }

    /** How many steps the window holds (up to the rule's window). */
    public int size() {
        return size;
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
        if (size == 0) return Double.NaN;
        double sum = 0;
        for (int i = 0; i < size; i++) sum += bits(i);
        return sum / size;
    }

    /** Step number of entry i (0 = oldest). */
    public long step(int i) {
        return buffer.slots[2 * (from + i)];
    }

    /** Surprisal in bits of entry i. */
    public float bits(int i) {
        return Float.intBitsToFloat((int) (buffer.slots[2 * (from + i) + 1] >>> 32));
    }

    /** The symbol index the model expected at entry i (-1 unknown). */
    public int expected(int i) {
        return (int) buffer.slots[2 * (from + i) + 1];
    }

    /** The entry with the largest surprisal (the first of equals). */
    public int peak() {
        int best = 0;
        for (int i = 1; i < size(); i++) if (bits(i) > bits(best)) best = i;
        return best;
    }

    /** The stored form: two longs per step, oldest first (a copy). */
    public long[] slots() {
        return Arrays.copyOfRange(buffer.slots, 2 * from, 2 * (from + size));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SurpriseWindow w && w.expectNext == expectNext && w.open == open
                && Arrays.equals(w.buffer.slots, 2 * w.from, 2 * (w.from + w.size), buffer.slots, 2 * from, 2 * (from + size));
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 2 * from; i < 2 * (from + size); i++) h = 31 * h + Long.hashCode(buffer.slots[i]);
        return 31 * (31 * h + expectNext) + (open ? 1 : 0);
    }

    @Override
    public String toString() {
        return "SurpriseWindow[" + size() + " steps, mean " + meanBits() + " bits, " + (open ? "open" : "closed") + "]";
    }
}
