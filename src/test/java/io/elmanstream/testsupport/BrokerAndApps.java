package io.elmanstream.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.elmanstream.config.AppConfig;
import io.elmanstream.config.ElmanSettings;
import io.elmanstream.kafka.EmbeddedBroker;
import io.elmanstream.kafka.TopicCatalog;
import io.elmanstream.model.AlertRule;
import io.elmanstream.model.AlertScan;
import io.elmanstream.serving.ModelTopic;
import org.apache.kafka.clients.admin.Admin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broker and app instances as separate processes of the product's jar, in one folder, with the
 * xor and hello models published and a producer of random sequences: a scenario runs faults against
 * them, then every event must have exactly one prediction equal to the offline pass.
 */
public final class BrokerAndApps {
    /** The alert rule of the hello keys in every app these tests start (the default window and hysteresis). */
    public static final AlertRule HELLO_ALERTS = new AlertRule(16, 26, 26 * 0.1);
    private final Path dir;
    private String bootstrap;
    private int port;
    private JarProcess broker;

    public BrokerAndApps(Path dir) {
        this.dir = dir;
    }

    /** SIGKILLs the broker and, after {@code down}, starts it again on the same port and data. */
    public void restartBroker(Duration down) throws Exception {
        broker.kill();
        Thread.sleep(down.toMillis());
        broker = startBroker(port);
    }

    /** A kill lands mid-stream: events still being sent, and the app's committed progress strictly between 0 and the total. */
    public void assertMidStream(EventSequences seq, Thread producer, int total) throws Exception {
        assertTrue(producer.isAlive() && seq.count() < total, "the producer is still sending: " + seq.count() + " of " + total);
        long committed = committedEvents();
        assertTrue(committed > 0 && committed < total, "committed progress mid-stream: " + committed + " of " + total);
    }

    private JarProcess startBroker(int port) throws Exception {
        Path log = dir.resolve("broker.log");
        long from = JarProcess.logSize(log);
        return JarProcess.start(log, "broker", "--broker-port", Integer.toString(port), "--data-dir", dir.resolve("broker").toString())
                .awaitLog("broker running", from, 60_000);
    }

    public JarProcess startApp(String name, Path config) throws Exception {
        Path log = dir.resolve(name + ".log");
        long from = JarProcess.logSize(log);
        return JarProcess.start(log, "run", "--bootstrap-servers", bootstrap, "--data-dir", dir.resolve(name).toString(),
                "--config", config.toString(), "--http-port", "0").awaitLog("processing", from, 180_000);
    }

    public Path config(String... lines) throws Exception {
        Path p = Files.createTempFile(dir, "app", ".properties");
        // a killed instance's partitions move after 6 s; its open transaction aborts after 10 s; random letters
        // raise and clear hello alerts now and then (16-event means of about 20 bits, a tenth of them above 26)
        Files.writeString(p, "session.timeout.ms=6000\nheartbeat.interval.ms=1500\n" + ElmanSettings.ALERT_THRESHOLD_PREFIX + "hello=" + HELLO_ALERTS.threshold()
                + "\n" + String.join("\n", lines) + "\n");
        return p;
    }

    public Map<String, Object> clients() {
        return AppConfig.builder().bootstrapServers(bootstrap).build().clientConfig(bootstrap);
    }

    private EventSequences.Models publishModels() throws Exception {
        EventSequences.Models m = new EventSequences.Models(TestModels.xor(4, 1), TestModels.hello(4, 1));
        ModelTopic topic = new ModelTopic(clients(), TopicCatalog.load());
        topic.publish(m.xor());
        topic.publish(m.hello());
        return m;
    }

    public long committedEvents() throws Exception {
        try (Admin admin = Admin.create(clients())) {
            return admin.listConsumerGroupOffsets(AppConfig.defaults().applicationId()).partitionsToOffsetAndMetadata().get()
                    .entrySet().stream().filter(e -> e.getKey().topic().equals(TopicCatalog.load().events().name()))
                    .mapToLong(e -> e.getValue().offset()).sum();
        }
    }

    private void awaitExactlyOnce(EventSequences seq, EventSequences.Models models, int expected) throws Exception {
        List<JsonNode> out = PredictionsReader.readAll(clients(), TopicCatalog.load().predictions().name(), expected,
                Duration.ofSeconds(180), Duration.ofSeconds(12));
        OfflineOracle.assertExactlyOncePerEventAndEqualOffline(out, seq.snapshot(), models.xor(), models.hello());
        // the alerts rode the same transactions: each once, as the offline scan gives them
        int alerts = 0;
        for (var e : seq.snapshot().entrySet()) {
            if (e.getKey().startsWith("h")) alerts += AlertScan.run(models.hello(), HELLO_ALERTS, models.hello().encode(String.join("", e.getValue())), null).size();
        }
        assertTrue(alerts > 0, "the run raised alerts to check");
        List<JsonNode> raised = PredictionsReader.readAll(clients(), TopicCatalog.load().alerts().name(), alerts, Duration.ofSeconds(60), Duration.ofSeconds(2));
        OfflineOracle.assertAlertsEqualOffline(raised, seq.snapshot(), models.hello(), HELLO_ALERTS, "h");
    }

    /**
     * Runs a broker, the models, and {@code scenario}, then checks one prediction per event; the
     * settle period outlasts the transaction timeout (10 s here), so a late commit would be seen.
     */
    public void withBroker(int events, Scenario scenario) throws Exception {
        port = EmbeddedBroker.freePort("127.0.0.1");
        bootstrap = "127.0.0.1:" + port;
        broker = startBroker(port);
        List<JarProcess> apps = new ArrayList<>();
        try {
            EventSequences.Models models = publishModels();
            EventSequences seq = new EventSequences(new Random(events));
            scenario.run(broker, apps, seq);
            seq.rethrow();
            assertTrue(seq.count() >= events, seq.count() + " of " + events + " sent");
            awaitExactlyOnce(seq, models, seq.count());
        } finally {
            for (JarProcess a : apps) a.close();
            broker.close();
        }
    }

    public interface Scenario {
        void run(JarProcess broker, List<JarProcess> apps, EventSequences seq) throws Exception;
    }

}
