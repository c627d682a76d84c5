package io.elmanstream.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.elmanstream.bench.BenchModels;
import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.EmbeddedBroker;
import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.model.Model;
import io.elmanstream.model.ModelCodec;
import io.elmanstream.model.Prediction;
import io.elmanstream.model.Predictor;
import io.elmanstream.records.Event;
import io.elmanstream.records.EventCodec;
import io.elmanstream.serving.ModelTopic;
import io.elmanstream.testsupport.Cli;
import io.elmanstream.testsupport.OfflineOracle;
import io.elmanstream.testsupport.PredictionsReader;
import io.elmanstream.testsupport.Serving;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Models of the sizes the trainer makes, through the real broker: a 65/100 text model, then a
 * 65/512 (329,281 weights, about 6.6 MB of JSON) and a 65/256 swapped in while a key streams, each
 * with re-warm, every prediction equal to the offline run; a restart serves the 65/256 from the
 * restored global store. A document over the limit is refused in one line by publish and, sent
 * raw, ends as one bounded dead letter while the serving version keeps serving.
 */
class LargeModelIT {
    @TempDir
    Path dir;

    @Test
    void aLargeModelIsPublishedServedSwappedAndRestored() throws Exception {
        AppConfig config = AppConfig.builder().dataDir(dir).brokerPort(EmbeddedBroker.freePort("127.0.0.1")).build();
        Model m100 = BenchModels.randomText("text", 100, 1, 1);
        Model m512 = BenchModels.randomText("text", 512, 2, 2);
        Model m256 = BenchModels.randomText("text", 256, 3, 3);
        String[] parts = {"hello world", " again", " and", " more"};
        StringBuilder text = new StringBuilder();
        try (KafkaSession session = KafkaSession.open(config, new PrintStream(PrintStream.nullOutputStream()))) {
            ModelTopic models = ModelTopic.of(session);
            try (StreamApp app = new StreamApp(session).start(Duration.ofSeconds(60))) {
                Model[] versions = {m100, m512, m256};
                for (int i = 0; i < 3; i++) {
                    long t0 = System.nanoTime();
                    models.publish(versions[i]);
                    Serving.awaitVersion(app, "text", i + 1);
                    System.out.printf("65/%d (%,d bytes of JSON): published and serving after %d ms%n", versions[i].net().shape().numHid(),
                            ModelCodec.toBytes(versions[i], false).length, (System.nanoTime() - t0) / 1_000_000);
                    text.append(parts[i]);
                    send(session, parts[i]);
                    // window 32 holds the whole text so far: the swap replays all of it, as the offline run from zero does
                    assertEqualsOffline(session, versions[i], text.toString(), text.length() - parts[i].length());
                }
            }
            try (StreamApp restarted = new StreamApp(session).start(Duration.ofSeconds(60))) {
                assertEquals(3, restarted.models().get("text").version(), "the global store restored the newest document");
                assertEquals(256, restarted.models().get("text").net().shape().numHid());
                text.append(parts[3]);
                send(session, parts[3]);
                assertEqualsOffline(session, m256, text.toString(), text.length() - parts[3].length());

                // over the limit: publish refuses in one line; sent raw, the app refuses it and v3 keeps serving
                Model huge = BenchModels.randomText("text", 1024, 4, 4);
                Path file = dir.resolve("huge.json");
                ModelCodec.write(huge, file);
                Cli.Run r = Cli.run("publish", "--model", file.toString(), "--bootstrap-servers", session.bootstrapServers());
                assertEquals(1, r.code());
                assertTrue(r.err().strip().matches("error: model text v4 is a document of [0-9,]+ bytes, over the limit of 16,777,216 bytes "
                        + "\\(elman.model.max.bytes in the --config file raises it, up to 134,217,728\\)"), r.err());
                byte[] tooBig = new byte[config.modelMaxBytes() + 1];
                Arrays.fill(tooBig, (byte) ' ');
                models.publishRaw("text", tooBig);
                List<JsonNode> dead = PredictionsReader.readAll(session.clientConfig(), session.topics().deadLetter().name(), 1, Duration.ofSeconds(60));
                assertEquals(1, dead.size());
                assertEquals("model", dead.get(0).get("stage").asText());
                assertTrue(dead.get(0).get("error").asText().contains("over the limit of 16777216 bytes (elman.model.max.bytes)"), dead.get(0).toString());
                assertTrue(dead.get(0).toString().length() < 64 * 1024, "a bounded dead letter: " + dead.get(0).toString().length() + " chars");
                text.append(".");
                send(session, ".");
                assertEqualsOffline(session, m256, text.toString(), text.length() - 1);
                assertEquals(3, restarted.models().get("text").version(), "v3 keeps serving");
            }
        }
    }


    private static void send(KafkaSession session, String chars) throws Exception {
        try (var producer = new KafkaProducer<>(session.clientConfig(), new StringSerializer(), new ByteArraySerializer())) {
            for (int cp : chars.codePoints().toArray()) {
                producer.send(new ProducerRecord<>(session.topics().events().name(), "t1",
                        EventCodec.toJson(new Event("text", Character.toString(cp), null, false))));
            }
        }
    }

    /** The predictions for the text's symbols from {@code from} on equal an offline run of the model over the whole text. */
    private static void assertEqualsOffline(KafkaSession session, Model m, String text, int from) throws Exception {
        List<JsonNode> out = PredictionsReader.readAll(session.clientConfig(), session.topics().predictions().name(), text.length(), Duration.ofSeconds(90));
        assertEquals(text.length(), out.size());
        List<Prediction> offline = new Predictor(m).run(m.encode(text));
        for (int t = from; t < text.length(); t++) {
            assertEquals(m.version(), out.get(t).get("modelVersion").asLong());
            OfflineOracle.assertSame(offline.get(t), out.get(t));
        }
    }
}
