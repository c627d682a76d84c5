package io.elmanstream.serving;

import io.elmanstream.config.AppConfig;
import io.elmanstream.model.AlertRule;
import io.elmanstream.model.AlertThreshold;
import io.elmanstream.model.Model;
import io.elmanstream.model.ModelCodec;
import io.elmanstream.model.ModelFormatException;
import io.elmanstream.train.TrainingSetup;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which model documents serve (valid, under their own name, newer, within the size limit) and which alert rule each gets. */
class ModelRegistryTest {
    private static final Model HELLO = TrainingSetup.referenceHello().trainModel(1, "hello", 1);

    @Test
    void onlyAValidNewerDocumentUnderItsOwnNameServes() throws Exception {
        ModelRegistry r = new ModelRegistry();
        assertNull(r.get("hello"));
        assertEquals(1, r.offer("hello", ModelCodec.toBytes(HELLO, false)).version());
        assertEquals(1, r.offer(null, ModelCodec.toBytes(HELLO.withVersion(3), false)).version() - 2, "a record without a key is taken by the document's name");
        String stale = assertThrows(ModelFormatException.class, () -> r.offer("hello", ModelCodec.toBytes(HELLO.withVersion(3), false))).getMessage();
        assertTrue(stale.contains("version 3 is not newer than the serving version 3"), stale);
        assertThrows(ModelFormatException.class, () -> r.offer("hello", ModelCodec.toBytes(HELLO.withVersion(2), false)));
        String wrongKey = assertThrows(ModelFormatException.class, () -> r.offer("other", ModelCodec.toBytes(HELLO.withVersion(4), false))).getMessage();
        assertTrue(wrongKey.contains("record key 'other' differs from the model name 'hello'"), wrongKey);
        assertTrue(assertThrows(ModelFormatException.class, () -> r.offer("hello", null)).getMessage().contains("tombstone"));
        assertThrows(ModelFormatException.class, () -> r.offer("hello", "{not json".getBytes()));
        assertEquals(3, r.get("hello").version(), "nothing refused displaced the serving version");
        assertEquals(List.of(r.get("hello")), r.all());
    }

    @Test
    void aDocumentOverTheLimitIsRefusedAndOneAtItIsTaken() throws Exception {
        byte[] doc = ModelCodec.toBytes(HELLO, false);
        String over = assertThrows(ModelFormatException.class, () -> new ModelRegistry(doc.length - 1).offer("hello", doc)).getMessage();
        assertTrue(over.contains(doc.length + " bytes is over the limit of " + (doc.length - 1)), over);
        assertEquals(1, new ModelRegistry(doc.length).offer("hello", doc).version());
    }

    @Test
    void modelsAreListedByName() throws Exception {
        ModelRegistry r = new ModelRegistry();
        Model b = ModelCodec.fromBytes(ModelCodec.toBytes(HELLO, false));
        r.offer("hello", ModelCodec.toBytes(HELLO, false));
        Model renamed = new Model("abc", 1, b.task(), b.objective(), b.vocabulary(), b.net(), b.report());
        r.offer("abc", ModelCodec.toBytes(renamed, false));
        assertEquals(List.of("abc", "hello"), r.all().stream().map(Model::name).toList());
        assertSame(r.get("abc"), r.all().get(0));
    }

    @Test
    void theConfiguredThresholdWinsThenTheModelsOwnOverTheAppsWindowElseNone() {
        AppConfig plain = AppConfig.builder().build();
        assertNull(AlertRules.of(HELLO.withReport(HELLO.report().withAlert(null)), plain));
        assertTrue(AlertRules.explain(HELLO.withReport(HELLO.report().withAlert(null)), plain).startsWith("no alerts: the model has no alert threshold"));

        Model measured = HELLO.withReport(HELLO.report().withAlert(new AlertThreshold(16, 0.999, 4.0, 5000)));
        AlertRule own = AlertRules.of(measured, plain);
        assertEquals(new AlertRule(16, 4.0, 4.0 * plain.alertHysteresis()), own);
        assertTrue(AlertRules.explain(measured, plain).startsWith("alert above 4.0000 bits mean over 16 events, clear below "), AlertRules.explain(measured, plain));
        assertTrue(AlertRules.explain(measured, plain).contains("the 0.999 quantile of 5,000 held-out windows"), AlertRules.explain(measured, plain));

        AppConfig wider = AppConfig.builder().alertWindow(32).build();
        assertNull(AlertRules.of(measured, wider), "a threshold measured over 16 events does not hold over 32");
        assertTrue(AlertRules.explain(measured, wider).startsWith("no alerts: the model's threshold is over 16 events and elman.alert.window is 32"));

        AppConfig manual = AppConfig.builder().alertWindow(32).alertHysteresis(0.25).alertThreshold("hello", 6.0).build();
        assertEquals(new AlertRule(32, 6.0, 1.5), AlertRules.of(measured, manual));
        assertTrue(AlertRules.explain(measured, manual).endsWith("clear below 4.5000 (elman.alert.threshold.hello)"), AlertRules.explain(measured, manual));
    }
}
