package io.elmanstream.serving;

import io.elmanstream.config.AppConfig;
import io.elmanstream.model.AlertRule;
import io.elmanstream.model.AlertThreshold;
import io.elmanstream.model.Model;

/**
 * Which alert rule a serving model gets: the threshold configured for it
 * ({@code elman.alert.threshold.<model>}), else the one in its training report when that was
 * measured over the app's window ({@code elman.alert.window}); the hysteresis is
 * {@code elman.alert.hysteresis} of the threshold. None: the model raises no alerts, and
 * {@link #explain} says why.
 */
public final class AlertRules {
    private AlertRules() {
    }

    /** The rule, or null when the model raises no alerts. */
    public static AlertRule of(Model model, AppConfig config) {
        Double manual = config.alertThresholds().get(model.name());
        AlertThreshold own = model.alertThreshold();
        double bits;
        if (manual != null) bits = manual;
        else if (own != null && own.window() == config.alertWindow()) bits = own.bits();
        else return null;
        return new AlertRule(config.alertWindow(), bits, bits * config.alertHysteresis());
    }

    /** One line for /models: the rule in force, or why there is none. */
    public static String explain(Model model, AppConfig config) {
        AlertRule rule = of(model, config);
        AlertThreshold own = model.alertThreshold();
        if (rule != null) {
            String source = config.alertThresholds().containsKey(model.name()) ? "elman.alert.threshold." + model.name() : own.describe();
            return String.format("alert above %.4f bits mean over %d events, clear below %.4f (%s)", rule.threshold(), rule.window(),
                    rule.threshold() - rule.hysteresis(), source);
        }
        if (own != null) {
            return "no alerts: the model's threshold is over " + own.window() + " events and elman.alert.window is " + config.alertWindow()
                    + "; set elman.alert.threshold." + model.name();
        }
        return "no alerts: the model has no alert threshold (too little held-out data when trained); set elman.alert.threshold." + model.name()
                + " or publish --alert-threshold";
    }
}
