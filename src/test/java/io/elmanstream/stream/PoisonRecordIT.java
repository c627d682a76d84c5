package io.elmanstream.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.EmbeddedBroker;
import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.kafka.TopicAdmin;
import io.elmanstream.serving.ModelTopic;
import io.elmanstream.testsupport.OutputsReader;
import io.elmanstream.testsupport.RandomRecords;
import io.elmanstream.testsupport.TestModels;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded random records on the real embedded broker, up to the broker's own record limit (read from
 * the events topic's config): every record the broker accepted ends as exactly one prediction or one
 * dead letter, the valid events sent after them on every partition are predicted, and no stream
 * thread is replaced, under exactly-once and at-least-once.
 */
class PoisonRecordIT {
    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());
    private static final int RECORDS = 2500;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "exactly-once {0}")
    @ValueSource(booleans = {true, false})
    void everyAcceptedRecordEndsAsExactlyOneOutputAndTheStreamGoesOn(boolean exactlyOnce) throws Exception {
        long seed = Long.getLong("poison.seed", System.nanoTime());
        String replay = "seed " + seed + " (rerun with -Dpoison.seed=" + seed + ")";
        Random rnd = new Random(seed);
        AppConfig config = AppConfig.builder().dataDir(dir).brokerPort(EmbeddedBroker.freePort("127.0.0.1")).exactlyOnce(exactlyOnce).build();
        try (KafkaSession session = KafkaSession.open(config, QUIET)) {
            ModelTopic models = new ModelTopic(session.clientConfig(), session.topics());
            models.publish(TestModels.xor(1, 1));
            models.publish(TestModels.hello(1, 1));
            String events = session.topics().events().name();
            int brokerLimit = TopicAdmin.maxMessageBytes(session.clientConfig(), List.of(events));
            assertTrue(brokerLimit > 1_000_000, "the broker's own limit: " + brokerLimit);

            try (StreamApp app = new StreamApp(session).start(Duration.ofSeconds(60));
                 var producer = new KafkaProducer<>(producerConfig(session, brokerLimit), new ByteArraySerializer(), new ByteArraySerializer())) {
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                for (int i = 0; i < RECORDS; i++) {
                    sent.add(producer.send(new ProducerRecord<>(events, RandomRecords.key(rnd, 8 * 1024), RandomRecords.value(rnd, 96 * 1024))));
                }
                // the largest records the broker takes: (nearly) its limit in a value, in a key, in bytes that are not UTF-8
                int near = brokerLimit - 200;
                byte[] valid = RandomRecords.validEvent(rnd);
                sent.add(producer.send(new ProducerRecord<>(events, RandomRecords.utf8("big-value"), pad(valid, near - 9))));
                sent.add(producer.send(new ProducerRecord<>(events, RandomRecords.utf8("k".repeat(near - valid.length)), valid)));
                sent.add(producer.send(new ProducerRecord<>(events, RandomRecords.utf8("big-binary"), RandomRecords.randomBytes(rnd, near - 10))));
                sent.add(producer.send(new ProducerRecord<>(events, RandomRecords.utf8("big-json"),
                        RandomRecords.utf8("{\"model\":\"xor\",\"symbol\":\"" + "\\u00e9".repeat((near - 40) / 6) + "\"}"))));
                sent.add(producer.send(new ProducerRecord<>(events, RandomRecords.randomBytes(rnd, 600_000), valid)));
                int accepted = 0, refused = 0;
                for (Future<RecordMetadata> f : sent) {
                    try {
                        f.get();
                        accepted++;
                    } catch (ExecutionException e) {
                        assertTrue(e.getCause() instanceof RecordTooLargeException, replay + ": " + e.getCause());
                        refused++;
                    }
                }
                assertEquals(0, refused, replay + ": every record was within the broker's limit");

                // then valid events on every partition: each must be predicted
                Set<Integer> partitions = new HashSet<>();
                Map<String, Integer> finals = new HashMap<>();
                int partitionCount = session.topics().events().partitions();
                for (int i = 0; partitions.size() < partitionCount; i++) {
                    String key = "final-" + i;
                    int p = producer.send(new ProducerRecord<>(events, RandomRecords.utf8(key), RandomRecords.utf8("{\"model\":\"xor\",\"symbol\":\"1\"}"))).get().partition();
                    partitions.add(p);
                    finals.put(key, p);
                }

                int expected = accepted + finals.size();
                var out = OutputsReader.read(session.clientConfig(), session.topics(), expected, Duration.ofSeconds(180), Duration.ofSeconds(3));
                assertEquals(expected, out.total(), replay + ": one output per accepted record (" + out.predictions().size()
                        + " predictions, " + out.deadLetters().size() + " dead letters)");
                Set<String> deadOffsets = new HashSet<>();
                for (JsonNode d : out.deadLetters()) {
                    assertEquals(events, d.get("topic").asText(), replay);
                    assertTrue(deadOffsets.add(d.get("partition").asInt() + "@" + d.get("offset").asLong()), replay + ": one dead letter per record");
                }
                Set<String> predicted = new HashSet<>();
                out.predictions().forEach(p -> predicted.add(p.get("key").asText()));
                assertTrue(predicted.containsAll(finals.keySet()), replay + ": the events after the bad ones are predicted");
                assertTrue(out.predictions().size() > RECORDS / 5 && out.deadLetters().size() > RECORDS / 5,
                        replay + ": both outcomes exercised");
                assertEquals(0, app.replacedThreads(), replay + ": no stream thread was replaced");
            }
        }
    }

    private static Map<String, Object> producerConfig(KafkaSession session, int brokerLimit) {
        Map<String, Object> c = new HashMap<>(session.clientConfig());
        c.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, brokerLimit * 2);   // the broker, not this producer, is the limit under test
        c.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 256L << 20);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        return c;
    }

    /** The event with an unknown field padded so the whole value has {@code size} bytes. */
    private static byte[] pad(byte[] event, int size) {
        String json = new String(event, StandardCharsets.UTF_8);
        String head = json.substring(0, json.length() - 1) + ",\"pad\":\"";
        return RandomRecords.utf8(head + "x".repeat(size - head.length() - 2) + "\"}");
    }
}
