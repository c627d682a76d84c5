package io.elmanstream.train;

import io.elmanstream.model.Activation;
import io.elmanstream.model.Alert;
import io.elmanstream.model.AlertRule;
import io.elmanstream.model.AlertScan;
import io.elmanstream.model.AlertThreshold;
import io.elmanstream.model.Model;
import io.elmanstream.model.ModelCodec;
import io.elmanstream.model.Prediction;
import io.elmanstream.model.Predictor;
import io.elmanstream.model.SurpriseWindow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The alert threshold a text model is trained with: the 99.9% quantile of the 16-step mean
 * surprisal on its held-out tenth; on the corpus's last 100,000 characters (never trained on) it is rarely exceeded, and
 * random characters injected into normal text open one alert that clears once the text is normal again.
 */
class AlertThresholdTest {
    private static Model model;
    private static String text;

    /** The last 100,000 characters of the corpus: never trained on, never used for the threshold. */
    private static String unseen;

    @BeforeAll
    static void train() throws Exception {
        String corpus = Files.readString(Path.of("data/tinyshakespeare.txt"));
        text = corpus.substring(0, corpus.length() - 100_000);
        unseen = corpus.substring(corpus.length() - 100_000);
        model = TrainingSetup.text("shakespeare", text, 48, Activation.TANH, "test", 1, 0.003, 1).trainModel(1, "shakespeare", 1);
    }

    @Test
    void theThresholdIsTheQuantileOfTheHeldOutWindows() throws Exception {
        AlertThreshold t = model.alertThreshold();
        assertNotNull(t, "a text with a held-out tenth of 5,000 characters gives a threshold");
        assertEquals(AlertThreshold.DEFAULT_WINDOW, t.window());
        assertEquals(AlertThreshold.DEFAULT_QUANTILE, t.quantile());
        int[] heldOut = new TextTask("shakespeare", text, 48, Activation.TANH, "test").heldOutSymbols();
        assertEquals(heldOut.length - 1 - 1 - 15, t.windows(), "one window per full run of 16 scored steps (the last symbol is only a target, the first has no surprisal)");
        double above = shareAbove(heldOut, t.bits());
        assertTrue(above <= 1 - t.quantile(), "at most 0.1% of the held-out windows are above it: " + above);
        assertTrue(above > 0 || t.windows() < 1000, "and the quantile is not beyond every window");
        assertEquals(t, ModelCodec.fromBytes(ModelCodec.toBytes(model, false)).alertThreshold(), "kept in the model document");
    }

    @Test
    void normalTextRarelyCrossesItAndAnInjectedAnomalyOpensOneAlertThatClears() throws Exception {
        AlertThreshold t = model.alertThreshold();
        int[] other = model.encode(keepVocabulary(unseen));
        double above = shareAbove(other, t.bits());
        AlertRule normalRule = new AlertRule(t.window(), t.bits(), 0.1 * t.bits());
        long opened = AlertScan.run(model, normalRule, other, null).stream().filter(a -> a.type() == SurpriseWindow.Change.RAISED).count();
        long windows = other.length - t.window();
        System.out.printf("unseen text: %d alerts raised in %,d windows (%.3f%%); %.2f%% of the windows above the threshold, %s%n",
                opened, windows, 100.0 * opened / windows, 100 * above, t.describe());
        assertTrue(opened <= (1 - t.quantile()) * windows, "alerts on normal text at most at the quantile's rate: " + opened + " in " + windows);
        assertTrue(opened > 0, "and the threshold is not beyond every window of other plays");
        assertTrue(above <= 0.01, "other Shakespeare crosses the threshold in at most 1% of its windows: " + above);

        Random rnd = new Random(3);
        StringBuilder noise = new StringBuilder();
        for (int i = 0; i < 40; i++) noise.append(model.vocabulary().symbol(rnd.nextInt(model.vocabulary().size())));
        String normal = keepVocabulary(unseen.substring(50_000, 50_600));
        int[] seq = model.encode(normal.substring(0, 300) + noise + normal.substring(300));
        AlertRule rule = new AlertRule(t.window(), t.bits(), 0.1 * t.bits());
        List<Alert> alerts = AlertScan.run(model, rule, seq, null);
        assertTrue(alerts.size() >= 2, "an alert and its clearing: " + alerts);
        Alert raised = alerts.get(0);
        assertEquals(SurpriseWindow.Change.RAISED, raised.type());
        assertTrue(raised.toStep() >= 300 && raised.toStep() < 340, "raised within the noise: " + raised);
        assertTrue(raised.meanBits() > t.bits());
        assertTrue(raised.peakStep() >= 300 && raised.peakStep() <= raised.toStep(), "the peak is a noise step: " + raised);
        assertEquals(t.window(), raised.symbols().size(), "the window's input symbols");
        assertEquals(SurpriseWindow.Change.CLEARED, alerts.get(1).type());
        assertTrue(alerts.get(1).toStep() > 340, "cleared once the text is normal again: " + alerts.get(1));
        assertTrue(alerts.get(1).meanBits() < rule.threshold() - rule.hysteresis());
        assertEquals(2, alerts.stream().filter(a -> a.toStep() < 360).count(), "one alert, not a storm: " + alerts);
    }

    @Test
    void tooFewHeldOutWindowsGiveNoThreshold() {
        assertNull(AlertThreshold.measure(model, List.of(model.encode(text.substring(0, 500))), null, 16, 0.999),
                "484 windows cannot carry a 99.9% quantile");
        assertNotNull(AlertThreshold.measure(model, List.of(model.encode(text.substring(0, 500))), null, 16, 0.99));
    }

    private static double shareAbove(int[] symbols, double bits) {
        List<Prediction> run = new Predictor(model).run(symbols);
        int windows = 0;
        int above = 0;
        for (int end = 17; end <= run.size(); end++) {
            double sum = 0;
            for (int i = end - 16; i < end; i++) sum += (float) run.get(i).surprisal();
            windows++;
            if (sum / 16 > bits) above++;
        }
        return (double) above / windows;
    }

    private static String keepVocabulary(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().mapToObj(Character::toString).filter(c -> model.vocabulary().indexOf(c) >= 0).forEach(b::append);
        return b.toString();
    }
}
