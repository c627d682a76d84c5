package io.elmanstream.model;

import java.util.List;

/**
 * One change of a key's alert state, as the stream writes it to the alerts topic and
 * {@code predict --alerts} prints it: an alert opened (the window's mean rose above the threshold)
 * or the open one cleared.
 *
 * @param type        RAISED or CLEARED
 * @param fromStep    the window's first step
 * @param toStep      the window's last step (the event that changed the state)
 * @param symbols     the input symbols of steps fromStep..toStep, oldest first (fewer when not all are known)
 * @param meanBits    the window's mean surprisal
 * @param rule        the threshold and hysteresis it was compared with
 * @param peakStep    the window's most surprising step
 * @param peakBits    its surprisal
 * @param expected    what the model expected there (null when unknown)
 * @param reason      why an alert cleared other than by the mean falling back ("reset": the key's sequence restarted); else null
 */
public record Alert(SurpriseWindow.Change type, long fromStep, long toStep, List<String> symbols, double meanBits, AlertRule rule,
                    long peakStep, double peakBits, String expected, String reason) {

    /** The alert a step's change makes, from the window after the step and the input symbols that end at its last step. */
    public static Alert of(SurpriseWindow.Change type, SurpriseWindow w, AlertRule rule, Vocabulary vocabulary, List<String> recent) {
        int n = w.size();
        long from = w.step(0);
        long to = w.step(n - 1);
        int peak = w.peak();
        int span = (int) Math.min(Integer.MAX_VALUE, to - from + 1);
        List<String> symbols = recent.subList(Math.max(0, recent.size() - span), recent.size());
        int expected = w.expected(peak);
        return new Alert(type, from, to, List.copyOf(symbols), w.meanBits(), rule, w.step(peak), w.bits(peak),
                expected >= 0 && expected < vocabulary.size() ? vocabulary.symbol(expected) : null, null);
    }

    /** The open alert of a window closed because the key's sequence restarted. */
    public static Alert reset(SurpriseWindow w, AlertRule rule, Vocabulary vocabulary, List<String> recent) {
        Alert a = of(SurpriseWindow.Change.CLEARED, w, rule, vocabulary, recent);
        return new Alert(a.type, a.fromStep, a.toStep, a.symbols, a.meanBits, rule, a.peakStep, a.peakBits, a.expected, "reset");
    }

    /** The input symbol at the peak step, when the symbols reach back that far. */
    public String peakSymbol() {
        long back = toStep - peakStep;
        return back < symbols.size() ? symbols.get((int) (symbols.size() - 1 - back)) : null;
    }
}
