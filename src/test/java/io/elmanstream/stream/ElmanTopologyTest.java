package io.elmanstream.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.elmanstream.bench.BenchModels;
import io.elmanstream.config.AppConfig;
import io.elmanstream.model.HalfFloat;
import io.elmanstream.model.Model;
import io.elmanstream.model.Precision;
import io.elmanstream.model.Prediction;
import io.elmanstream.model.Predictor;
import io.elmanstream.records.Event;
import io.elmanstream.state.KeyState;
import io.elmanstream.state.KeyStateSerde;
import io.elmanstream.testsupport.TestModels;
import io.elmanstream.testsupport.TopologyFixture;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.elmanstream.testsupport.OfflineOracle.assertSame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class ElmanTopologyTest {
    static Model xor;
    static Model hello;

    @TempDir
    Path dir;

    @BeforeAll
    static void models() {
        xor = TestModels.xor(1, 1);
        hello = TestModels.hello(1, 1);
    }

    /** Asserts one prediction equals the offline forward pass's prediction, probabilities included. */

    /** With Kafka's record cache (0) and with the object cache, large and small enough to write back mid-interval. */
    @ParameterizedTest
    @ValueSource(ints = {0, 10_000, 3})
    void interleavedKeysGiveExactlyTheOfflineRunsOfEachKey(int stateCacheKeys) {
        Random rnd = new Random(7);
        Map<String, List<String>> sequences = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            String key = "k" + k;
            List<String> seq = new ArrayList<>();
            int len = 5 + rnd.nextInt(40);
            for (int i = 0; i < len; i++) seq.add(k % 2 == 0 ? Integer.toString(rnd.nextInt(2)) : "helo".substring(rnd.nextInt(4)).substring(0, 1));
            sequences.put(key, seq);
            for (int i = 0; i < len; i++) order.add(key);
        }
        Collections.shuffle(order, rnd);
        AppConfig config = AppConfig.builder().dataDir(dir).stateCacheKeys(stateCacheKeys).build();
        try (TopologyFixture f = new TopologyFixture(dir, config)) {
            f.publish(xor);
            f.publish(hello);
            Map<String, Integer> pos = new HashMap<>();
            for (String key : order) {
                int i = pos.merge(key, 1, Integer::sum) - 1;
                String model = Integer.parseInt(key.substring(1)) % 2 == 0 ? "xor" : "hello";
                f.send(key, new Event(model, sequences.get(key).get(i), null, false));
            }
            List<JsonNode> out = f.readPredictions();
            assertEquals(order.size(), out.size());
            assertTrue(f.readDeadLetters().isEmpty());
            Map<String, List<JsonNode>> byKey = new HashMap<>();
            for (JsonNode p : out) byKey.computeIfAbsent(p.get("key").asText(), k -> new ArrayList<>()).add(p);
            for (var e : sequences.entrySet()) {
                Model m = Integer.parseInt(e.getKey().substring(1)) % 2 == 0 ? xor : hello;
                List<Prediction> offline = new Predictor(m).run(m.encode(String.join(m.spacedSymbols() ? " " : "", e.getValue())));
                List<JsonNode> got = byKey.get(e.getKey());
                assertEquals(offline.size(), got.size(), e.getKey());
                for (int i = 0; i < offline.size(); i++) {
                    assertSame(offline.get(i), got.get(i));
                    assertEquals(m.version(), got.get(i).get("modelVersion").asLong());
                }
            }
        }
    }

    /**
     * Surprisal, bit for bit as offline: a label model's on the targets events carry, a next-symbol
     * model's on each symbol after the first; and the online quality counted from the same events.
     */
    @Test
    void surprisalEqualsTheOfflinePassAndFeedsTheOnlineQuality() {
        Random rnd = new Random(11);
        int n = 40;
        int[] bits = new int[n];
        int[] targets = new int[n];
        for (int t = 0; t < n; t++) {
            bits[t] = rnd.nextInt(2);
            targets[t] = t == 0 ? -1 : bits[t - 1] ^ bits[t];
        }
        String word = "hellohelloleh";
        try (TopologyFixture f = new TopologyFixture(dir)) {
            f.publish(xor);
            f.publish(hello);
            for (int t = 0; t < n; t++) {
                f.send("x", new Event("xor", Integer.toString(bits[t]), t == 0 ? null : Integer.toString(targets[t]), false));
            }
            for (String c : hello.split(word)) f.send("h", new Event("hello", c, null, false));
            List<JsonNode> out = f.readPredictions();
            assertEquals(n + word.length(), out.size());
            List<Prediction> offXor = new Predictor(xor).run(bits, targets);
            List<Prediction> offHello = new Predictor(hello).run(hello.encode(word));
            for (int t = 0; t < n; t++) assertSame(offXor.get(t), out.get(t));
            for (int t = 0; t < word.length(); t++) assertSame(offHello.get(t), out.get(n + t));
            assertFalse(out.get(0).has("surprisal"), "no target at step 0");
            assertTrue(out.get(1).get("surprisal").asDouble() >= 0);

            StreamMeters.VersionMeters x = f.meters.served(xor);
            long right = offXor.stream().skip(1).filter(p -> p.predicted().equals(Integer.toString(targets[(int) p.step()]))).count();
            assertEquals(n - 1, x.labelled().count());
            assertEquals(right, x.correct().count());
            assertEquals((double) right / (n - 1), x.accuracy(), 0.0);
            assertEquals(offXor.stream().skip(1).mapToDouble(Prediction::surprisal).sum(), x.surprisalBits().count(), 1e-9);
            StreamMeters.VersionMeters h = f.meters.served(hello);
            assertEquals(word.length(), h.predictions().count());
            assertEquals(word.length() - 1, h.surprisalEvents().count());
            assertEquals(0, h.labelled().count());
            assertEquals(offHello.stream().skip(1).mapToDouble(Prediction::surprisal).average().orElseThrow(), h.meanSurprisal(), 1e-12);
            assertEquals(n + word.length(), f.metrics.get("elman.step").timer().count(), "one step time per event");
        }
    }

    /**
     * A text model served in float32, or in float32 with a half-precision state: the stream keeps
     * each key's state as floats or halves with the last step's log normalizer, and its surprisal
     * from that normalizer equals the offline pass's, which recomputes it, bit for bit,
     * probabilities included.
     */
    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"FLOAT32", "FLOAT32_HALF_STATE"})
    void aSinglePrecisionTextModelStreamsExactlyAsOfflineWithItsNormalizerKept(Precision precision) {
        Model text = BenchModels.randomText("text", 100, 1, 5, precision);
        Random rnd = new Random(3);
        Map<String, StringBuilder> sequences = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String key = "t" + rnd.nextInt(7);
            order.add(key);
            sequences.computeIfAbsent(key, k -> new StringBuilder()).append(BenchModels.ALPHABET.charAt(rnd.nextInt(65)));
        }
        try (TopologyFixture f = new TopologyFixture(dir)) {
            f.publish(text);
            Map<String, Integer> pos = new HashMap<>();
            for (String key : order) {
                int i = pos.merge(key, 1, Integer::sum) - 1;
                f.send(key, new Event("text", String.valueOf(sequences.get(key).charAt(i)), null, false));
            }
            List<JsonNode> out = f.readPredictions();
            assertEquals(order.size(), out.size());
            Map<String, List<JsonNode>> byKey = new HashMap<>();
            for (JsonNode p : out) byKey.computeIfAbsent(p.get("key").asText(), k -> new ArrayList<>()).add(p);
            for (var e : sequences.entrySet()) {
                List<Prediction> offline = new Predictor(text).run(text.encode(e.getValue().toString()));
                for (int i = 0; i < offline.size(); i++) assertSame(offline.get(i), byKey.get(e.getKey()).get(i));
            }
            KeyValueStore<Bytes, KeyState> store = f.driver.getKeyValueStore(ElmanTopology.STATE_STORE);
            KeyState s = store.get(ElmanProcessor.storeKey("text", "t0"));
            boolean halves = precision == Precision.FLOAT32_HALF_STATE;
            for (double h : s.hidden()) assertTrue(halves ? HalfFloat.isHalf(h) : (float) h == h, precision + " state: " + h);
            assertFalse(Double.isNaN(s.normalizer()), "the normalizer is kept");
            byte[] stored = new KeyStateSerde().serialize("t", s);
            assertEquals(KeyStateSerde.VARINTS, stored[0]);
            assertEquals(halves ? 2 : 4, stored[1], "bytes a hidden unit");
        }
    }

    /** The bytes-keyed store holds what the string-keyed one did: state written before still reads. */
    @Test
    void storeKeyIsTheUtf8OfTheLengthPrefixedNameAndKey() {
        for (String[] mk : new String[][]{{"hello", "k1"}, {"text", "ключ \"😀\""}, {"модель", ""}}) {
            String before = mk[0].length() + ":" + mk[0] + mk[1];
            assertArrayEquals(before.getBytes(StandardCharsets.UTF_8), ElmanProcessor.storeKey(mk[0], mk[1]).get(), before);
        }
        assertFalse(Arrays.equals(ElmanProcessor.storeKey("ab", "c").get(), ElmanProcessor.storeKey("a", "bc").get()));
    }

    @Test
    void resetStartsANewSequenceFromZeroContext() {
        try (TopologyFixture f = new TopologyFixture(dir)) {
            f.publish(hello);
            for (String s : List.of("h", "e", "l")) f.send("a", new Event("hello", s, null, false));
            f.send("a", new Event("hello", "h", null, true));
            f.send("a", new Event("hello", "e", null, false));
            List<JsonNode> out = f.readPredictions();
            List<Prediction> fresh = new Predictor(hello).run(hello.encode("he"));
            assertEquals(0, out.get(3).get("step").asLong());
            assertSame(fresh.get(0), out.get(3));
            assertSame(fresh.get(1), out.get(4));
        }
    }

    @Test
    void twoModelsOnOneKeyKeepSeparateStates() {
        try (TopologyFixture f = new TopologyFixture(dir)) {
            f.publish(xor);
            f.publish(hello);
            String bits = "1 0 0 1 1 0";
            String word = "hell";
            for (int i = 0; i < 6; i++) {
                f.send("same", new Event("xor", bits.split(" ")[i], null, false));
                if (i < 4) f.send("same", new Event("hello", word.substring(i, i + 1), null, false));
            }
            List<JsonNode> out = f.readPredictions();
            List<Prediction> offXor = new Predictor(xor).run(xor.encode(bits));
            List<Prediction> offHello = new Predictor(hello).run(hello.encode(word));
            int x = 0, h = 0;
            for (JsonNode p : out) {
                if (p.get("model").asText().equals("xor")) assertSame(offXor.get(x++), p);
                else assertSame(offHello.get(h++), p);
            }
            assertEquals(6, x);
            assertEquals(4, h);
            StringBuilder labels = new StringBuilder();
            for (JsonNode p : out) if (p.get("model").asText().equals("xor") && p.get("step").asLong() > 0) labels.append(p.get("predicted").asText());
            assertEquals("10101", labels.toString());
        }
    }
}
