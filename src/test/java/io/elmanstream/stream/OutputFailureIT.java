package io.elmanstream.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.EmbeddedBroker;
import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.serving.ModelTopic;
import io.elmanstream.testsupport.OutputsReader;
import io.elmanstream.testsupport.TestModels;
import io.elmanstream.testsupport.TopologyFixture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.elmanstream.testsupport.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The production exception handler's paths on the real broker: outputs the broker refuses because
 * a topic's limit was lowered while the app runs (the one refusal the processor cannot foresee).
 * A refused prediction becomes a dead letter with the reason; a refused dead letter is logged and
 * skipped; neither is retried forever, and the events after them are predicted.
 */
class OutputFailureIT {
    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());
    private static final String EVENT = "{\"model\":\"xor\",\"symbol\":\"1\"}";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "exactly-once {0}")
    @ValueSource(booleans = {true, false})
    void refusedPredictionBecomesADeadLetterRefusedDeadLetterIsSkipped(boolean exactlyOnce) throws Exception {
        // a replaced thread waits out its old member's session: the broker's minimum (6 s) instead of 45 s
        AppConfig config = AppConfig.builder().dataDir(dir).brokerPort(EmbeddedBroker.freePort("127.0.0.1")).exactlyOnce(exactlyOnce)
                .clientProperty("consumer.session.timeout.ms", "6000").build();
        try (KafkaSession session = KafkaSession.open(config, QUIET);
             Admin admin = Admin.create(session.clientConfig())) {
            new ModelTopic(session.clientConfig(), session.topics()).publish(TestModels.xor(1, 1));
            String predictions = session.topics().predictions().name();
            String deadLetters = session.topics().deadLetter().name();
            // within elman.max.key.bytes; random so that lz4 cannot shrink its prediction (~6 kB) under the limit
            String longKey = randomKey(3000);
            try (StreamApp app = new StreamApp(session).start(Duration.ofSeconds(60));
                 var producer = new KafkaProducer<>(session.clientConfig(), new StringSerializer(), new ByteArraySerializer())) {
                // 1. a prediction the broker refuses: one dead letter, stage output, with the broker's reason
                limit(admin, predictions, "1000");
                send(producer, session, longKey);
                var out = OutputsReader.read(session.clientConfig(), session.topics(), 1, Duration.ofSeconds(90), Duration.ofSeconds(2));
                assertEquals(0, out.predictions().size());
                assertEquals(1, out.deadLetters().size());
                JsonNode d = out.deadLetters().get(0);
                assertEquals("output", d.get("stage").asText());
                assertTrue(d.get("error").asText().contains("RecordTooLargeException"), d.get("error").asText());
                assertEquals(longKey, d.get("key").asText());
                if (exactlyOnce) {   // written by the replay, from the input record
                    assertEquals(session.topics().events().name(), d.get("topic").asText());
                    assertEquals(0, d.get("offset").asLong());
                } else {             // written from the refused prediction, which names key and step
                    assertEquals(predictions, d.get("topic").asText());
                    assertEquals(0, TopologyFixture.JSON.readTree(d.get("value").asText()).get("step").asInt());
                }

                // 2. the prediction and its dead letter both refused: logged and skipped, nothing written,
                //    and the app moves past it (its committed offset passes the event)
                limit(admin, deadLetters, "1000");
                var skipped = send(producer, session, longKey + "2");
                awaitCommittedPast(admin, config.applicationId(), skipped);
                awaitSkipped(app);
                // 3. limits back: the next events are predicted
                limit(admin, predictions, null);
                limit(admin, deadLetters, null);
                send(producer, session, "after");
                out = OutputsReader.read(session.clientConfig(), session.topics(), 2, Duration.ofSeconds(90), Duration.ofSeconds(3));
                assertEquals(1, out.deadLetters().size(), "the refused dead letter was skipped, not retried into a later one");
                assertEquals(1, out.predictions().size());
                assertEquals("after", out.predictions().get(0).get("key").asText());
                // exactly-once: each refused output fails its task (three refusals; a changelog write in a refused
                // produce request may cost more), a bounded number of times, not forever; at-least-once: no thread fails
                if (exactlyOnce) assertTrue(app.replacedThreads() >= 3 && app.replacedThreads() <= 10, "replaced " + app.replacedThreads());
                else assertEquals(0, app.replacedThreads());
            }
        }
    }

    private static String randomKey(int length) {
        Random rnd = new Random(length);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) b.append((char) ('!' + rnd.nextInt(90)));
        return b.toString();
    }

    private static RecordMetadata send(KafkaProducer<String, byte[]> producer, KafkaSession session, String key) throws Exception {
        return producer.send(new ProducerRecord<>(session.topics().events().name(), key, EVENT.getBytes())).get();
    }

    private static void awaitSkipped(StreamApp app) {
        // at least once: a replay of the same task may skip the same refused dead letter again
        await("a skipped dead letter").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(app::skippedDeadLetters, n -> n >= 1);
    }

    private static void awaitCommittedPast(Admin admin, String group, RecordMetadata event) throws Exception {
        var tp = new TopicPartition(event.topic(), event.partition());
        await("the app commits past the event at " + tp + " offset " + event.offset()).atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(tp),
                        committed -> committed != null && committed.offset() > event.offset());
    }

    /** Sets (or with null, removes) a topic's max.message.bytes and waits until the broker applies it. */
    private static void limit(Admin admin, String topic, String bytes) throws Exception {
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        var op = bytes == null
                ? new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, ""), AlterConfigOp.OpType.DELETE)
                : new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, bytes), AlterConfigOp.OpType.SET);
        admin.incrementalAlterConfigs(Map.of(resource, List.of(op))).all().get();
        await("max.message.bytes of " + topic + " applied").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> admin.describeConfigs(List.of(resource)).all().get().get(resource).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value(),
                        now -> bytes == null ? !now.equals("1000") : now.equals(bytes));
    }
}
