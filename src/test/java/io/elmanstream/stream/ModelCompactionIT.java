package io.elmanstream.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.elmanstream.cli.Main;
import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.EmbeddedBroker;
import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.kafka.TopicReader;
import io.elmanstream.model.Model;
import io.elmanstream.model.ModelCodec;
import io.elmanstream.serving.ModelTopic;
import io.elmanstream.testsupport.PredictionsReader;
import io.elmanstream.testsupport.Serving;
import io.elmanstream.testsupport.TestModels;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The previous version keeps serving across compaction and restarts: refused documents (a stale
 * version, a tombstone, junk) published under a serving model's name are followed by the accepted
 * document again, so once the log cleaner ran the newest record of the key is still the good one.
 */
class ModelCompactionIT {
    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    @TempDir
    Path dir;

    @Test
    void refusedDocumentsDoNotDowngradeTheModelOnceCompactedAndRestarted() throws Exception {
        AppConfig config = AppConfig.builder().dataDir(dir).brokerPort(EmbeddedBroker.freePort("127.0.0.1"))
                .brokerProperty("log.cleaner.backoff.ms", "200").build();
        Model v1 = TestModels.xor(1, 1);
        Model v2 = TestModels.xor(2, 2);
        byte[] good = ModelCodec.toBytes(v2, false);
        try (KafkaSession session = KafkaSession.open(config, QUIET);
             Admin admin = Admin.create(session.clientConfig())) {
            String topic = session.topics().models().name();
            // segments roll after 100 ms and are cleaned as soon as anything in them is dirty
            var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            admin.incrementalAlterConfigs(Map.of(resource, List.of(
                    new AlterConfigOp(new ConfigEntry("segment.ms", "100"), AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry("min.cleanable.dirty.ratio", "0.001"), AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry("delete.retention.ms", "100"), AlterConfigOp.OpType.SET)))).all().get();
            ModelTopic models = new ModelTopic(session.clientConfig(), session.topics());
            try (StreamApp app = new StreamApp(session).start(Duration.ofSeconds(60))) {
                models.publish(v1);
                models.publish(v2);
                Serving.awaitXorVersion(app, 2);
                models.publishRaw("xor", ModelCodec.toBytes(v1, false));   // stale
                models.publishRaw("xor", null);                             // tombstone
                models.publishRaw("xor", "junk".getBytes());                // not JSON
                List<JsonNode> dead = PredictionsReader.readAll(session.clientConfig(), session.topics().deadLetter().name(), 3, Duration.ofSeconds(60));
                assertEquals(3, dead.size());
                assertTrue(dead.stream().allMatch(d -> d.get("stage").asText().equals("model")), dead.toString());
                assertEquals(2, app.models().get("xor").version());
                Thread.sleep(300);
                models.publish(TestModels.hello(1, 1));                     // rolls the segment that holds xor's records
                List<byte[]> xor = awaitCompacted(session, topic);
                assertTrue(Arrays.equals(good, xor.get(xor.size() - 1)), "the newest xor record is the accepted v2");
            }
            try (StreamApp restarted = new StreamApp(session).start(Duration.ofSeconds(60))) {
                Serving.awaitXorVersion(restarted, 2);
                assertEquals(0, Main.execute("produce", "--bootstrap-servers", session.bootstrapServers(),
                        "--key", "k", "--model", "xor", "1 0"));
                List<JsonNode> out = PredictionsReader.readAll(session.clientConfig(), session.topics().predictions().name(), 2, Duration.ofSeconds(60));
                assertEquals(2, out.size());
                assertTrue(out.stream().allMatch(p -> p.get("modelVersion").asLong() == 2), out.toString());
            }
        }
    }

    /** Waits until the cleaner has left one xor record, the newest, and returns the xor values read. */
    private static List<byte[]> awaitCompacted(KafkaSession session, String topic) throws Exception {
        long deadline = System.nanoTime() + 90_000_000_000L;
        List<byte[]> xor = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            xor.clear();
            try (var consumer = TopicReader.open(session.clientConfig(), topic, true)) {
                long end = consumer.endOffsets(TopicReader.partitions(consumer)).values().stream().mapToLong(Long::longValue).sum();
                long seen = 0;
                while (seen < end) {
                    var records = consumer.poll(Duration.ofMillis(200));
                    if (records.isEmpty() && consumer.assignment().stream().allMatch(tp -> consumer.position(tp) >= end)) break;
                    for (var r : records) {
                        if ("xor".equals(r.key())) xor.add(r.value());
                    }
                    seen = consumer.assignment().stream().mapToLong(consumer::position).sum();
                }
            }
            if (xor.size() == 1) return xor;
            Thread.sleep(500);
        }
        throw new AssertionError("the log cleaner left " + xor.size() + " xor records");
    }
}
