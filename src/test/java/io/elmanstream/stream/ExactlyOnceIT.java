package io.elmanstream.stream;

import io.elmanstream.testsupport.PredictionsReader;

import io.elmanstream.testsupport.TestModels;

import io.elmanstream.testsupport.EventSequences;

import io.elmanstream.testsupport.OfflineOracle;

import com.fasterxml.jackson.databind.JsonNode;
import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.EmbeddedBroker;
import io.elmanstream.kafka.ModelTopic;
import io.elmanstream.kafka.TopicCatalog;
import io.elmanstream.model.Model;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exactly-once, proven with real crashes: the broker and the app run as separate OS processes;
 * the app is SIGKILLed at random moments while events keep arriving, and restarted; the broker
 * itself is SIGKILLed under a running app while events and transactions are in flight, and
 * restarted (several instances, and brokers of a replicated cluster: ClusterFailoverIT). Each kill is checked to
 * land mid-stream: the producer still sending, the app's committed progress strictly between 0 and
 * the total. Afterwards every event has exactly one committed prediction, in step order per key in
 * the topic, by the right model version and equal to the offline forward pass of its key's sequence;
 * duplicates are looked for during a settle period longer than the transaction timeout.
 * {@code -Deos.events=1000000} runs a larger variant by hand.
 */
class ExactlyOnceIT {
    /** SIGKILLs of the app per run: one in the default suite; three in the soak profile ({@code -Deos.kills=3}). */
    private static final int KILLS = Integer.getInteger("eos.kills", 1);
    private static final int EVENTS = Integer.getInteger("eos.events", 70_000 * KILLS);

    @TempDir
    Path dir;

    private int port;
    private String bootstrap;
    private Path appConfig;

    private JarProcess startBroker() throws Exception {
        Path log = dir.resolve("broker.log");
        long from = JarProcess.logSize(log);
        return JarProcess.start(log, "broker", "--broker-port", Integer.toString(port), "--data-dir", dir.resolve("broker").toString())
                .awaitLog("broker running", from, 60_000);
    }

    private JarProcess startApp(String name) throws Exception {
        Path log = dir.resolve(name + ".log");
        long from = JarProcess.logSize(log);
        return JarProcess.start(log, "run", "--bootstrap-servers", bootstrap, "--data-dir", dir.resolve(name).toString(),
                "--config", appConfig.toString(), "--http-port", "0").awaitLog("processing", from, 90_000);
    }

    private void setUp() throws Exception {
        port = EmbeddedBroker.freePort("127.0.0.1");
        bootstrap = "127.0.0.1:" + port;
        appConfig = dir.resolve("app.properties");
        // a killed instance's partitions move after 6 s instead of 45; its open transaction aborts after 10 s
        Files.writeString(appConfig, "session.timeout.ms=6000\nheartbeat.interval.ms=1500\n");
    }

    private Map<String, Object> clients() {
        return AppConfig.builder().bootstrapServers(bootstrap).build().clientConfig(bootstrap);
    }

    @Test
    void oneInstanceKilledWhileEventsArrive() throws Exception {
        setUp();
        Random rnd = new Random(2024);
        EventSequences seq = new EventSequences(rnd);
        try (JarProcess broker = startBroker()) {
            EventSequences.Models models = publishModels();
            JarProcess app = startApp("app");
            // long enough that every kill-and-restart round (up to ~15 s each) lands while it sends
            Thread producer = seq.produceInBackground(clients(), EVENTS, 20 * KILLS);
            for (int kill = 0; kill < KILLS; kill++) {
                Thread.sleep(2000 + rnd.nextInt(4000));
                assertMidStream(seq, producer, EVENTS);
                app.kill();
                app = startApp("app");
            }
            producer.join();
            seq.rethrow();
            awaitAll(seq, models, EVENTS);
            app.kill();
        }
    }

    /**
     * The only broker is SIGKILLed under a running app while events and transactions are in flight,
     * and comes back on the same port and data. (Two instances with one killed, and a broker killed
     * in a replicated cluster: ClusterFailoverIT.)
     */
    @Test
    void theBrokerKilledAndRestartedUnderARunningApp() throws Exception {
        setUp();
        Random rnd = new Random(77);
        EventSequences seq = new EventSequences(rnd);
        int events = EVENTS / 2;
        JarProcess broker = startBroker();
        try {
            EventSequences.Models models = publishModels();
            try (JarProcess app = startApp("app")) {
                Thread producer = seq.produceInBackground(clients(), events, 20);
                Thread.sleep(3000 + rnd.nextInt(2000));
                assertMidStream(seq, producer, events);
                broker.kill();
                Thread.sleep(2000);
                broker = startBroker();
                producer.join();
                seq.rethrow();
                awaitAll(seq, models, events);
            }
        } finally {
            broker.close();
        }
    }

    private EventSequences.Models publishModels() throws Exception {
        EventSequences.Models m = new EventSequences.Models(TestModels.xor(4, 1), TestModels.hello(4, 1));
        ModelTopic topic = new ModelTopic(clients(), TopicCatalog.load());
        topic.publish(m.xor());
        topic.publish(m.hello());
        return m;
    }

    /** A kill lands mid-stream: events still being sent, and the app's committed progress strictly between 0 and the total. */
    private void assertMidStream(EventSequences seq, Thread producer, int total) throws Exception {
        assertTrue(producer.isAlive() && seq.count() < total, "the producer is still sending: " + seq.count() + " of " + total);
        long committed = committedEvents();
        assertTrue(committed > 0 && committed < total, "committed progress mid-stream: " + committed + " of " + total);
    }

    /** Events whose processing the app has committed: the sum of its group's offsets on the events topic. */
    private long committedEvents() throws Exception {
        try (Admin admin = Admin.create(clients())) {
            return admin.listConsumerGroupOffsets(AppConfig.defaults().applicationId()).partitionsToOffsetAndMetadata().get()
                    .entrySet().stream().filter(e -> e.getKey().topic().equals(TopicCatalog.load().events().name()))
                    .mapToLong(e -> e.getValue().offset()).sum();
        }
    }

    private void awaitAll(EventSequences seq, EventSequences.Models models, int expected) throws Exception {
        // the settle period outlasts the transaction timeout (10 s here), so a late commit would be seen
        List<JsonNode> out = PredictionsReader.readAll(clients(), TopicCatalog.load().predictions().name(), expected,
                Duration.ofSeconds(180), Duration.ofSeconds(12));
        Map<String, List<String>> sent = seq.snapshot();
        OfflineOracle.assertExactlyOncePerEventAndEqualOffline(out, sent, models.xor(), models.hello());
    }
}
