package io.elmanstream.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.elmanstream.cli.Main;
import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.EmbeddedBroker;
import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.model.Model;
import io.elmanstream.model.Prediction;
import io.elmanstream.model.Predictor;
import io.elmanstream.serving.ModelTopic;
import io.elmanstream.testsupport.OfflineOracle;
import io.elmanstream.testsupport.PredictionsReader;
import io.elmanstream.testsupport.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-key state restored from its changelog on the real broker: the local state is deleted between
 * runs, so what comes back is what the changelog holds. The idle sweep's deletes are in it; a model
 * swap after a restart re-warms from the restored recent symbols.
 */
class StateRestoreIT {
    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    @TempDir
    Path dir;

    private AppConfig.Builder config(int port) {
        return AppConfig.builder().dataDir(dir).brokerPort(port);
    }

    @Test
    void idleStateDeletedBeforeARestartStaysDeletedAndActiveStateComesBack() throws Exception {
        int port = EmbeddedBroker.freePort("127.0.0.1");
        Model xor = TestModels.xor(1, 1);
        try (KafkaSession session = KafkaSession.open(config(port).idleStateMs(6000L).build(), QUIET)) {
            new ModelTopic(session.clientConfig(), session.topics()).publish(xor);
            try (StreamApp app = new StreamApp(session).start(Duration.ofSeconds(60))) {
                produce(session, "idle", "1 0 1");
                await(session, 3);
                Thread.sleep(8000);                              // "idle" passes its idle time; the sweep runs every 600 ms
                produce(session, "busy", "1 1");
                await(session, 5);
            }
            deleteLocalState();
            // no sweep in the second run: whatever is missing now was deleted in the changelog
            try (KafkaSession again = KafkaSession.open(config(port).bootstrapServers(session.bootstrapServers()).build(), QUIET);
                 StreamApp app = new StreamApp(again).start(Duration.ofSeconds(60))) {
                produce(again, "idle", "0");
                produce(again, "busy", "0");
                List<JsonNode> out = await(again, 7);
                assertEquals(0, last(out, "idle").get("step").asLong(), "the swept key starts a new sequence");
                assertEquals(2, last(out, "busy").get("step").asLong(), "the active key carries on");
            }
        }
    }

    @Test
    void aSwapAfterARestartReWarmsFromTheRestoredRecentSymbols() throws Exception {
        int port = EmbeddedBroker.freePort("127.0.0.1");
        Model v1 = TestModels.hello(1, 1);
        Model v2 = TestModels.hello(2, 2);
        AppConfig config = config(port).recentWindow(3).build();
        try (KafkaSession session = KafkaSession.open(config, QUIET)) {
            ModelTopic models = new ModelTopic(session.clientConfig(), session.topics());
            models.publish(v1);
            try (StreamApp app = new StreamApp(session).start(Duration.ofSeconds(60))) {
                produce(session, "w", "hell");
                await(session, 4);
            }
            deleteLocalState();
            models.publish(v2);
            try (StreamApp app = new StreamApp(session).start(Duration.ofSeconds(60))) {
                produce(session, "w", "o");
                JsonNode p = last(await(session, 5), "w");
                assertEquals(2, p.get("modelVersion").asLong());
                assertEquals(4, p.get("step").asLong());
                // the window of 3 held "ell": v2 replays it from zero context, then steps "o"
                List<Prediction> offline = new Predictor(v2).run(v2.encode("ello"));
                Prediction o = offline.get(3);
                OfflineOracle.assertSame(o.atStep(4), p);
            }
        }
    }

    private void deleteLocalState() throws Exception {
        Path state = dir.resolve("streams");
        assertTrue(Files.isDirectory(state));
        try (Stream<Path> all = Files.walk(state)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private static void produce(KafkaSession session, String key, String text) throws Exception {
        String model = text.matches("[01 ]+") ? "xor" : "hello";
        assertEquals(0, Main.execute("produce", "--bootstrap-servers", session.bootstrapServers(), "--key", key,
                "--model", model, text));
    }

    private static List<JsonNode> await(KafkaSession session, int count) throws Exception {
        List<JsonNode> out = PredictionsReader.readAll(session.clientConfig(), session.topics().predictions().name(), count, Duration.ofSeconds(60));
        assertEquals(count, out.size());
        return out;
    }

    private static JsonNode last(List<JsonNode> out, String key) {
        return out.stream().filter(p -> p.get("key").asText().equals(key)).reduce((a, b) -> b).orElseThrow();
    }
}
