package io.elmanstream.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.elmanstream.bench.ArchiveFill;
import io.elmanstream.cli.Main;
import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.EmbeddedBroker;
import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.model.Prediction;
import io.elmanstream.model.Predictor;
import io.elmanstream.records.Event;
import io.elmanstream.records.EventCodec;
import io.elmanstream.retrain.SequenceFile;
import io.elmanstream.serving.ModelTopic;
import io.elmanstream.testsupport.PredictionsReader;
import io.elmanstream.testsupport.TestModels;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static io.elmanstream.testsupport.Serving.awaitXorVersion;
import static io.elmanstream.testsupport.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model lifecycle end to end on the embedded broker: archive, retrain, publish, hot swap, refusals. */
class RetrainIT {
    @TempDir
    Path dir;

    @Test
    void retrainFromTheArchiveThenServeRefuseWorseModelsAndMalformedDocuments() throws Exception {
        AppConfig config = AppConfig.builder().dataDir(dir).brokerPort(EmbeddedBroker.freePort("127.0.0.1")).build();
        try (KafkaSession session = KafkaSession.open(config, new PrintStream(PrintStream.nullOutputStream()));
             StreamApp app = new StreamApp(session).start(Duration.ofSeconds(60))) {
            String bootstrap = session.bootstrapServers();
            Random rnd = new Random(5);
            try (var producer = new KafkaProducer<>(session.clientConfig(), new StringSerializer(), new ByteArraySerializer())) {
                for (int k = 0; k < 50; k++) {
                    int prev = -1;
                    for (int t = 0; t < 40; t++) {
                        int bit = rnd.nextInt(2);
                        Event e = new Event("xor", Integer.toString(bit), prev < 0 ? null : Integer.toString(prev ^ bit), false);
                        producer.send(new ProducerRecord<>(session.topics().events().name(), "key-" + k, EventCodec.toJson(e)));
                        prev = bit;
                    }
                }
            }
            List<JsonNode> dead = PredictionsReader.readAll(session.clientConfig(), session.topics().deadLetter().name(), 2000, Duration.ofSeconds(60));
            assertEquals(2000, dead.size());
            assertTrue(dead.stream().allMatch(d -> d.get("stage").asText().equals("model-missing")), dead.get(0).toString());

            Path exported = dir.resolve("xor.jsonl");
            assertEquals(0, Main.execute("export", "--model", "xor", "--out", exported.toString(), "--bootstrap-servers", bootstrap));
            var sequences = SequenceFile.read(exported, "xor");
            assertEquals(50, sequences.size(), "one sequence per key: no resets were sent");
            assertEquals(40, sequences.get(0).symbols().size());
            assertEquals(null, sequences.get(0).targets().get(0));

            // a model that does not serve yet is created only when asked to (a typo must not create one)
            assertEquals(1, Main.execute("retrain", "--model", "xro", "--bootstrap-servers", bootstrap));
            assertEquals(1, Main.execute("retrain", "--model", "xor", "--bootstrap-servers", bootstrap));
            assertEquals(0, Main.execute("retrain", "--model", "xor", "--create", "--bootstrap-servers", bootstrap));
            awaitXorVersion(app, 1);
            // the same data again: the retrained model is no better beyond noise, nothing is published
            assertEquals(4, Main.execute("retrain", "--model", "xor", "--bootstrap-servers", bootstrap));
            // on a schedule: one line per decision, and it keeps going (here: two runs a second apart)
            PrintStream stdout = System.out;
            ByteArrayOutputStream scheduled = new ByteArrayOutputStream();
            System.setOut(new PrintStream(scheduled, true));
            try {
                assertEquals(0, Main.execute("retrain", "--model", "xor", "--every", "1s", "--runs", "2", "--bootstrap-servers", bootstrap));
            } finally {
                System.setOut(stdout);
            }
            List<String> decisions = scheduled.toString().lines().filter(l -> l.contains(" retrain xor run ")).toList();
            assertEquals(2, decisions.size(), scheduled.toString());
            assertTrue(decisions.get(0).endsWith("retrain xor run 1: kept the serving version; next in 1s"), decisions.get(0));
            assertTrue(decisions.get(1).endsWith("retrain xor run 2: kept the serving version; next in (none: last run)"), decisions.get(1));

            // new events get correct predictions from the retrained model
            Random test = new Random(99);
            StringBuilder bits = new StringBuilder();
            for (int i = 0; i < 100; i++) bits.append(test.nextInt(2)).append(' ');
            assertEquals(0, Main.execute("produce", "--key", "fresh", "--model", "xor", "--bootstrap-servers", bootstrap, bits.toString().strip()));
            List<JsonNode> preds = PredictionsReader.readAll(session.clientConfig(), session.topics().predictions().name(), 100, Duration.ofSeconds(60));
            assertEquals(100, preds.size());
            String[] b = bits.toString().strip().split(" ");
            for (JsonNode p : preds) {
                int t = (int) p.get("step").asLong();
                assertEquals(1, p.get("modelVersion").asLong());
                if (t > 0) assertEquals(Integer.toString(Integer.parseInt(b[t - 1]) ^ Integer.parseInt(b[t])), p.get("predicted").asText(), "step " + t);
            }

            // a worse model (one hidden unit cannot do xor) is not published unless forced
            assertEquals(4, Main.execute("retrain", "--model", "xor", "--from", exported.toString(), "--fresh", "--hidden", "1", "--max-restarts", "3", "--bootstrap-servers", bootstrap));
            ModelTopic models = new ModelTopic(session.clientConfig(), session.topics());
            assertEquals(1, models.latest().get("xor").version());
            assertEquals(0, Main.execute("retrain", "--model", "xor", "--fresh", "--hidden", "1", "--max-restarts", "3", "--force", "--bootstrap-servers", bootstrap));
            awaitXorVersion(app, 2);

            // a malformed document published by hand is refused and dead-lettered; v2 keeps serving
            models.publishRaw("xor", "{\"format\":1,\"name\":\"xor\",\"version\":3}".getBytes());
            List<JsonNode> dl = PredictionsReader.readAll(session.clientConfig(), session.topics().deadLetter().name(), 2001, Duration.ofSeconds(60));
            JsonNode refused = dl.get(dl.size() - 1);
            assertEquals("model", refused.get("stage").asText());
            assertEquals(session.topics().models().name(), refused.get("topic").asText());
            // a marker published after it: once it serves, the serving side has read the bad document too
            models.publish(TestModels.hello(1, 1));
            await("hello serving").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> app.models().get("hello") != null);
            assertEquals(1, app.models().get("hello").version());
            assertEquals(2, app.models().get("xor").version());

            // publish a model file by hand: refused as not newer, then accepted with --next-version
            Path file = dir.resolve("xor-good.json");
            assertEquals(0, Main.execute("train", "--task", "xor", "--seed", "3", "--out", file.toString()));
            assertEquals(1, Main.execute("publish", "--model", file.toString(), "--bootstrap-servers", bootstrap));
            assertEquals(0, Main.execute("publish", "--model", file.toString(), "--next-version", "--bootstrap-servers", bootstrap));
            awaitXorVersion(app, 3);

            // tail prints committed predictions, one line each
            PrintStream out = System.out;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setOut(new PrintStream(captured, true));
            try {
                assertEquals(0, Main.execute("tail", "--from-beginning", "--max", "5", "--json", "--bootstrap-servers", bootstrap));
            } finally {
                System.setOut(out);
            }
            List<String> lines = captured.toString().strip().lines().toList();
            assertEquals(5, lines.size(), captured.toString());
            assertTrue(lines.stream().allMatch(l -> l.contains("\"model\":\"xor\"")), lines.get(0));
        }
    }

    /**
     * A next-symbol model retrained from the archive without holding it: the archive is read in
     * passes and the model trained on streamed chunks; the published model has learnt the keys' text.
     */
    @Test
    void aNextSymbolModelTrainsStreamedFromTheArchive() throws Exception {
        AppConfig config = AppConfig.builder().dataDir(dir).brokerPort(EmbeddedBroker.freePort("127.0.0.1")).build();
        try (KafkaSession session = KafkaSession.open(config, new PrintStream(PrintStream.nullOutputStream()))) {
            String bootstrap = session.bootstrapServers();
            assertEquals(0, Main.execute("bench", "archive", "--events", "60000", "--keys", "60", "--model", "words", "--bootstrap-servers", bootstrap));
            PrintStream stdout = System.out;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            System.setOut(new PrintStream(out, true));
            try {
                assertEquals(0, Main.execute("retrain", "--model", "words", "--create", "--hidden", "32", "--epochs", "3", "--max-events", "0",
                        "--bootstrap-servers", bootstrap));
            } finally {
                System.setOut(stdout);
            }
            assertTrue(out.toString().contains("archive window: 60000 records"), out.toString());
            assertTrue(out.toString().contains("events of words streamed"), out.toString());
            var model = new ModelTopic(session.clientConfig(), session.topics()).latest().get("words");
            assertEquals(1, model.version());
            // the text the keys read, three times round: the model predicts most of its characters
            String text = ArchiveFill.TEXT.repeat(3);
            List<Prediction> p = new Predictor(model).run(model.encode(text));
            long right = 0;
            for (int t = 0; t + 1 < text.length(); t++) if (p.get(t).predicted().equals(text.substring(t + 1, t + 2))) right++;
            double accuracy = (double) right / (text.length() - 1);
            assertTrue(accuracy > 0.6, "next-character accuracy " + accuracy + " (chance: 1 in 27)");
        }
    }

}
