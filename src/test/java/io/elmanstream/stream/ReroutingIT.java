package io.elmanstream.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.EmbeddedBroker;
import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.model.Model;
import io.elmanstream.model.Prediction;
import io.elmanstream.model.Predictor;
import io.elmanstream.records.Event;
import io.elmanstream.records.EventCodec;
import io.elmanstream.serving.ModelTopic;
import io.elmanstream.testsupport.OfflineOracle;
import io.elmanstream.testsupport.PredictionsReader;
import io.elmanstream.testsupport.TestModels;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One key, one state, whichever client produced its events: events sent to another partition than
 * Java's partitioner gives their key (as librdkafka's default partitioner does) reach the key's task
 * through the rerouted-events topic, so the key's steps run 0, 1, 2, 3 on one hidden state, equal
 * to the offline pass; a rerouted bad event's dead letter names where it first arrived.
 */
class ReroutingIT {
    @TempDir
    Path dir;

    @Test
    void eventsOnTheWrongPartitionJoinTheirKeysState() throws Exception {
        AppConfig config = AppConfig.builder().dataDir(dir).brokerPort(EmbeddedBroker.freePort("127.0.0.1")).build();
        Model xor = TestModels.xor(1, 1);
        try (KafkaSession session = KafkaSession.open(config, new PrintStream(PrintStream.nullOutputStream()));
             var producer = new KafkaProducer<>(session.clientConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
            new ModelTopic(session.clientConfig(), session.topics()).publish(xor);
            String events = session.topics().events().name();
            int partitions = session.topics().events().partitions();
            byte[] key = "k1".getBytes(StandardCharsets.UTF_8);
            int home = Utils.toPositive(Utils.murmur2(key)) % partitions;
            int away = (home + 1) % partitions;
            String[] bits = {"1", "0", "1", "1"};
            try (StreamApp app = new StreamApp(session).start(Duration.ofSeconds(60))) {
                for (int i = 0; i < bits.length; i++) {
                    byte[] value = EventCodec.toJson(new Event("xor", bits[i], null, false));
                    producer.send(new ProducerRecord<>(events, i % 2 == 0 ? away : home, key, value)).get();
                    // one at a time: events of one key on two partitions have no order between them
                    assertEquals(i + 1, PredictionsReader.readAll(session.clientConfig(), session.topics().predictions().name(), i + 1,
                            Duration.ofSeconds(60), Duration.ZERO).size());
                }
                List<JsonNode> out = PredictionsReader.readAll(session.clientConfig(), session.topics().predictions().name(), 4, Duration.ofSeconds(60));
                List<Prediction> offline = new Predictor(xor).run(xor.encode(String.join(" ", bits)));
                assertEquals(4, out.size());
                for (int i = 0; i < 4; i++) OfflineOracle.assertSame(offline.get(i), out.get(i));
                assertEquals(2.0, app.elmanMetric("rerouted-total"), "the two events on the wrong partition, and only they");

                RecordMetadata bad = producer.send(new ProducerRecord<>(events, away, key,
                        EventCodec.toJson(new Event("nope", "1", null, false)))).get();
                JsonNode d = PredictionsReader.readAll(session.clientConfig(), session.topics().deadLetter().name(), 1, Duration.ofSeconds(60)).get(0);
                assertEquals(events, d.get("topic").asText(), "the dead letter names where the event arrived");
                assertEquals(away, d.get("partition").asInt());
                assertEquals(bad.offset(), d.get("offset").asLong());
            }
        }
    }
}
