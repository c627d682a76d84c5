package io.elmanstream.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.elmanstream.config.AppConfig;
import io.elmanstream.model.Model;
import io.elmanstream.model.ModelCodec;
import io.elmanstream.model.Prediction;
import io.elmanstream.model.Predictor;
import io.elmanstream.records.Event;
import io.elmanstream.state.StateRewarm;
import io.elmanstream.testsupport.OfflineOracle;
import io.elmanstream.testsupport.TestModels;
import io.elmanstream.testsupport.TopologyFixture;
import io.elmanstream.train.TrainingSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hot swap through elman.models: re-warm from the recent symbols, refusals keep the old model. */
class ModelSwapTest {
    @TempDir
    Path dir;

    static Model helloV(long seed, long version) {
        return TestModels.hello(seed, version);
    }

    private void send(TopologyFixture f, String key, String text) {
        text.codePoints().forEach(cp -> f.send(key, new Event("hello", Character.toString(cp), null, false)));
    }

    /** "hel" under v1, then v2 is published, then "lo": the five predictions. */
    private List<JsonNode> swapAfterHel(TopologyFixture f, Model v1, Model v2) {
        f.publish(v1);
        send(f, "a", "hel");
        f.publish(v2);
        send(f, "a", "lo");
        List<JsonNode> out = f.readPredictions();
        assertEquals(5, out.size());
        return out;
    }

    @Test
    void afterASwapPredictionsEqualTheNewModelOverTheReplayWindowPlusLaterSymbols() {
        Model v1 = helloV(1, 1);
        Model v2 = helloV(2, 2);
        assertNotEquals(v1.net().params()[0], v2.net().params()[0]);
        try (TopologyFixture f = new TopologyFixture(dir, AppConfig.builder().dataDir(dir).recentWindow(2).build())) {
            List<JsonNode> out = swapAfterHel(f, v1, v2);
            assertEquals(1, out.get(2).get("modelVersion").asLong());
            // window of 2: the new model replays "el" from zero context, then steps "l", "o"
            List<Prediction> offline = new Predictor(v2).run(v2.encode("ello"));
            for (int i = 0; i < 2; i++) {
                JsonNode p = out.get(3 + i);
                assertEquals(2, p.get("modelVersion").asLong());
                assertEquals(3 + i, p.get("step").asLong(), "steps keep counting across a swap");
                OfflineOracle.assertSame(offline.get(2 + i).atStep(3 + i), p);
            }
        }
    }

    /** Window 0 keeps no recent symbols: after a swap the key goes on from a zero context, its steps still counting. */
    @Test
    void withWindowZeroASwapStartsFromAZeroContext() {
        Model v1 = helloV(1, 1);
        Model v2 = helloV(2, 2);
        try (TopologyFixture f = new TopologyFixture(dir, AppConfig.builder().dataDir(dir).recentWindow(0).build())) {
            List<JsonNode> out = swapAfterHel(f, v1, v2);
            List<Prediction> offline = new Predictor(v2).run(v2.encode("lo"));
            for (int i = 0; i < 2; i++) {
                JsonNode p = out.get(3 + i);
                assertEquals(2, p.get("modelVersion").asLong());
                assertEquals(3 + i, p.get("step").asLong());
                Prediction o = offline.get(i);
                if (i == 0) {
                    // mid-sequence, so it has a surprisal: what v2 predicts from the zero context it starts from
                    double[] outputs = new double[v2.net().shape().numOut()];
                    double[] dist = new double[v2.vocabulary().size()];
                    v2.net().outputs(new double[v2.net().shape().numHid()], outputs);
                    v2.decode(outputs, dist);
                    double bits = -StrictMath.log(dist[v2.vocabulary().indexOf("l")]) / StrictMath.log(2);
                    o = new Prediction(o.step(), o.symbol(), o.predicted(), o.topSymbols(), o.topProbabilities(), bits, o.normalizer());
                }
                OfflineOracle.assertSame(o.atStep(3 + i), p);
            }
            assertEquals(1.0, metric(f, "rewarm-total"));
        }
    }

    @Test
    void aNewVocabularyReplaysOnlyTheSymbolsAfterTheLastUnknownOne() {
        // same name, new vocabulary {e,h,l,p} and hidden size
        Model help = TrainingSetup.hello(8, "help", 100).trainModel(1, "hello", 2);
        assertEquals(1, StateRewarm.cleanSuffixStart(help, List.of("o", "h", "e")));
        assertEquals(3, StateRewarm.cleanSuffixStart(help, List.of("h", "e", "o")));
        try (TopologyFixture f = new TopologyFixture(dir)) {
            f.publish(helloV(1, 1));
            send(f, "a", "lohe");
            f.publish(help);
            send(f, "a", "l");
            JsonNode last = f.readPredictions().get(4);
            Prediction o = new Predictor(help).run(help.encode("hel")).get(2);
            assertEquals(2, last.get("modelVersion").asLong());
            assertEquals(o.predicted(), last.get("predicted").asText());
            assertEquals(o.probabilities().get(o.predicted()), last.get("probabilities").get(o.predicted()).asDouble(), 0.0);
            assertEquals(1.0, metric(f, "rewarm-total"));
            assertEquals(2.0, metric(f, "rewarm-dropped-symbols-total"), "'l' and 'o' of 'lohe' are not replayed");
        }
    }

    private static double metric(TopologyFixture f, String name) {
        return f.driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().group().equals("stream-elman-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    @Test
    void badOrStaleModelDocumentsAreRefusedAndThePreviousVersionKeepsServing() throws Exception {
        Model v1 = helloV(1, 1);
        Model v2 = helloV(2, 2);
        try (TopologyFixture f = new TopologyFixture(dir)) {
            f.publish(v1);
            f.publish(v2);
            f.models.pipeInput("hello", "{not json".getBytes());
            f.publish(v1); // stale
            var doc = (ObjectNode) TopologyFixture.JSON.readTree(ModelCodec.toBytes(v2.withVersion(3), false));
            ((ObjectNode) doc.get("sizes")).put("hidden", 1_000_000_000);
            f.models.pipeInput("hello", TopologyFixture.JSON.writeValueAsBytes(doc));
            assertEquals(2, f.registry.get("hello").version());
            send(f, "k", "he");
            List<JsonNode> out = f.readPredictions();
            assertEquals(2, out.size(), "one prediction per event of \"he\"");
            assertTrue(out.stream().allMatch(p -> p.get("modelVersion").asLong() == 2), "all by v2: " + out);
        }
    }
}
