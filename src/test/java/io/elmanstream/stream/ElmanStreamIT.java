package io.elmanstream.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.EmbeddedBroker;
import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.model.Model;
import io.elmanstream.records.Event;
import io.elmanstream.records.EventCodec;
import io.elmanstream.serving.ModelTopic;
import io.elmanstream.testsupport.PredictionsReader;
import io.elmanstream.testsupport.TestModels;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.elmanstream.testsupport.OfflineOracle.assertExactlyOncePerEventAndEqualOffline;

/**
 * The product on the real embedded KRaft broker, under exactly-once and at-least-once: many keys at
 * once, exactly one prediction each (no failure, so at-least-once has nothing to repeat), equal to
 * the offline pass, and a clean restart of broker and app carries every key's state on.
 */
class ElmanStreamIT {
    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    @TempDir
    Path dir;

    @ParameterizedTest(name = "exactly-once {0}")
    @ValueSource(booleans = {true, false})
    void hundredKeysConcurrentlyThenARestartCarriesTheHiddenStateOn(boolean exactlyOnce) throws Exception {
        AppConfig config = AppConfig.builder().dataDir(dir).brokerPort(EmbeddedBroker.freePort("127.0.0.1")).exactlyOnce(exactlyOnce).build();
        Model xor = TestModels.xor(3, 1);
        Model hello = TestModels.hello(3, 1);
        Map<String, List<String>> sequences = new HashMap<>();
        Random rnd = new Random(11);
        for (int k = 0; k < 100; k++) {
            List<String> seq = new ArrayList<>();
            for (int i = 0; i < 30; i++) seq.add(k % 2 == 0 ? Integer.toString(rnd.nextInt(2)) : Character.toString("helo".charAt(rnd.nextInt(4))));
            sequences.put((k % 2 == 0 ? "x" : "h") + k, seq);
        }

        try (KafkaSession session = KafkaSession.open(config, QUIET)) {
            ModelTopic models = new ModelTopic(session.clientConfig(), session.topics());
            models.publish(xor);
            models.publish(hello);
            try (StreamApp app = new StreamApp(session).start(Duration.ofSeconds(60))) {
                produceConcurrently(session, sequences, 0, 20);
                List<JsonNode> out = PredictionsReader.readAll(session.clientConfig(), session.topics().predictions().name(), 2000, Duration.ofSeconds(90));
                assertExactlyOncePerEventAndEqualOffline(out, prefixes(sequences, 20), xor, hello);
            }
        }

        // restart broker and app on the same data directory: sequences continue where they were
        try (KafkaSession session = KafkaSession.open(config, QUIET);
             StreamApp app = new StreamApp(session).start(Duration.ofSeconds(60))) {
            produceConcurrently(session, sequences, 20, 30);
            List<JsonNode> out = PredictionsReader.readAll(session.clientConfig(), session.topics().predictions().name(), 3000, Duration.ofSeconds(90));
            assertExactlyOncePerEventAndEqualOffline(out, sequences, xor, hello);
        }
    }

    private static void produceConcurrently(KafkaSession session, Map<String, List<String>> sequences, int from, int to) throws Exception {
        List<String> keys = new ArrayList<>(sequences.keySet());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int part = t;
                done.add(pool.submit(() -> {
                    try (var producer = new KafkaProducer<>(session.clientConfig(), new StringSerializer(), new ByteArraySerializer())) {
                        for (int i = from; i < to; i++) {
                            for (int k = part; k < keys.size(); k += 4) {
                                String key = keys.get(k);
                                Event e = new Event(key.startsWith("x") ? "xor" : "hello", sequences.get(key).get(i), null, false);
                                producer.send(new ProducerRecord<>(session.topics().events().name(), key, EventCodec.toJson(e)));
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdown();
        }
    }

    private static Map<String, List<String>> prefixes(Map<String, List<String>> sequences, int n) {
        Map<String, List<String>> out = new HashMap<>();
        sequences.forEach((k, v) -> out.put(k, v.subList(0, n)));
        return out;
    }
}
