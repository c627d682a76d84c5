package io.elmanstream.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The alerts of one sequence, offline: the model stepped from a zero state with a
 * {@link SurpriseWindow} carried along, exactly as the stream does for a key, so
 * {@code predict --alerts} shows what the stream would write to the alerts topic, and the
 * threshold a model is trained with is measured on the same windows ({@link AlertThreshold}).
 */
public final class AlertScan {
    private AlertScan() {
    }

    /** What {@link #scan} hands on at each step. */
    interface Visitor {
        /** @param scored whether the step had a surprisal (and so moved the window) */
        void step(int t, Prediction p, SurpriseWindow.Step s, boolean scored);
    }

    /** @param targets one label per step (-1 for none), or null for a next-symbol model */
    public static List<Alert> run(Model model, AlertRule rule, int[] symbols, int[] targets) {
        Vocabulary v = model.vocabulary();
        List<String> seen = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        scan(model, rule, symbols, targets, (t, p, s, scored) -> {
            seen.add(v.symbol(symbols[t]));
            if (s.change() != SurpriseWindow.Change.NONE) alerts.add(Alert.of(s.change(), s.window(), rule, v, seen));
        });
        return alerts;
    }

    /** Steps the model over the sequence from a zero state, the window after each step to {@code visitor}. */
    static void scan(Model model, AlertRule rule, int[] symbols, int[] targets, Visitor visitor) {
        Predictor predictor = new Predictor(model);
        int nh = model.net().shape().numHid();
        double[] h = new double[nh];
        double[] next = new double[nh];
        SurpriseWindow w = SurpriseWindow.EMPTY;
        for (int t = 0; t < symbols.length; t++) {
            Prediction p = predictor.step(h, symbols[t], next, t, targets == null ? -1 : targets[t]);
            SurpriseWindow.Step s = w.next(rule, model.objective(), p, predictor.lastBest());
            w = s.window();
            visitor.step(t, p, s, !Double.isNaN(p.surprisal()));
            double[] swap = h;
            h = next;
            next = swap;
        }
    }
}
