package io.elmanstream.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The alerts of one sequence, offline: the model stepped from a zero state with a
 * {@link SurpriseWindow} carried along, exactly as the stream does for a key, so
 * {@code predict --alerts} shows what the stream would write to the alerts topic.
 */
public final class AlertScan {
    private AlertScan() {
    }

    /** @param targets one label per step (-1 for none), or null for a next-symbol model */
    public static List<Alert> run(Model model, AlertRule rule, int[] symbols, int[] targets) {
        Predictor predictor = new Predictor(model);
        Vocabulary v = model.vocabulary();
        int nh = model.net().shape().numHid();
        double[] h = new double[nh];
        double[] next = new double[nh];
        SurpriseWindow w = SurpriseWindow.EMPTY;
        List<String> seen = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        for (int t = 0; t < symbols.length; t++) {
            Prediction p = predictor.step(h, symbols[t], next, t, targets == null ? -1 : targets[t]);
            seen.add(v.symbol(symbols[t]));
            SurpriseWindow.Step s = w.next(rule, model.objective(), p, predictor.lastBest());
            w = s.window();
            if (s.change() != SurpriseWindow.Change.NONE) alerts.add(Alert.of(s.change(), w, rule, v, seen));
            double[] swap = h;
            h = next;
            next = swap;
        }
        return alerts;
    }
}
