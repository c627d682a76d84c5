package io.elmanstream.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.EmbeddedBroker;
import io.elmanstream.kafka.ModelTopic;
import io.elmanstream.kafka.TopicCatalog;
import io.elmanstream.model.Model;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The key state cache's own paths under exactly-once, each with real processes (a broker, app
 * instances) and the standard of the rest: every event has exactly one committed prediction, equal
 * to the offline forward pass of its key's sequence.
 * <ul>
 * <li>eviction: a cache of 8 keys over 1000 keys writes back at nearly every event, with a commit
 * only every 20 s, and the app is SIGKILLed between commits: what eviction wrote is in an aborted
 * transaction and must not be read again;</li>
 * <li>a standby recycled into an active task: two instances with a standby replica each, one
 * stopped and restarted mid-stream;</li>
 * <li>the broker SIGSTOPped for longer than the transaction timeout under load: the coordinator
 * aborts the open transaction, the app's producer is fenced, and Kafka Streams closes its tasks
 * dirty and takes them up again from the changelog.</li>
 * </ul>
 * (A task revived on the same store object after corruption: KeyStateCacheTest.)
 * {@code -Dcache.pause.runs=20} repeats the broker pause, alternating the cache on and off (the
 * long-run check; the default suite runs it once with the cache on).
 */
class KeyStateCacheIT {
    @TempDir
    Path dir;

    private String bootstrap;

    private JarProcess startBroker(int port) throws Exception {
        Path log = dir.resolve("broker.log");
        long from = JarProcess.logSize(log);
        return JarProcess.start(log, "broker", "--broker-port", Integer.toString(port), "--data-dir", dir.resolve("broker").toString())
                .awaitLog("broker running", from, 60_000);
    }

    private JarProcess startApp(String name, Path config) throws Exception {
        Path log = dir.resolve(name + ".log");
        long from = JarProcess.logSize(log);
        return JarProcess.start(log, "run", "--bootstrap-servers", bootstrap, "--data-dir", dir.resolve(name).toString(),
                "--config", config.toString(), "--http-port", "0").awaitLog("processing", from, 180_000);
    }

    private Path config(String... lines) throws Exception {
        Path p = Files.createTempFile(dir, "app", ".properties");
        // a killed instance's partitions move after 6 s; its open transaction aborts after 10 s
        Files.writeString(p, "session.timeout.ms=6000\nheartbeat.interval.ms=1500\n" + String.join("\n", lines) + "\n");
        return p;
    }

    private Map<String, Object> clients() {
        return AppConfig.builder().bootstrapServers(bootstrap).build().clientConfig(bootstrap);
    }

    private ExactlyOnceIT.Models publishModels() throws Exception {
        ExactlyOnceIT.Models m = new ExactlyOnceIT.Models(TestModels.xor(4, 1), TestModels.hello(4, 1));
        ModelTopic topic = new ModelTopic(clients(), TopicCatalog.load());
        topic.publish(m.xor());
        topic.publish(m.hello());
        return m;
    }

    private long committedEvents() throws Exception {
        try (Admin admin = Admin.create(clients())) {
            return admin.listConsumerGroupOffsets(AppConfig.defaults().applicationId()).partitionsToOffsetAndMetadata().get()
                    .entrySet().stream().filter(e -> e.getKey().topic().equals(TopicCatalog.load().events().name()))
                    .mapToLong(e -> e.getValue().offset()).sum();
        }
    }

    private void awaitExactlyOnce(ExactlyOnceIT.Sequences seq, ExactlyOnceIT.Models models, int expected) throws Exception {
        List<JsonNode> out = PredictionsReader.readAll(clients(), TopicCatalog.load().predictions().name(), expected,
                Duration.ofSeconds(180), Duration.ofSeconds(12));
        ElmanStreamIT.assertExactlyOncePerEventAndEqualOffline(out, seq.snapshot(), models.xor(), models.hello());
    }

    /** Runs a broker, the models, and {@code scenario}, then checks one prediction per event. */
    private void withBroker(int events, Scenario scenario) throws Exception {
        int port = EmbeddedBroker.freePort("127.0.0.1");
        bootstrap = "127.0.0.1:" + port;
        JarProcess broker = startBroker(port);
        List<JarProcess> apps = new ArrayList<>();
        try {
            ExactlyOnceIT.Models models = publishModels();
            ExactlyOnceIT.Sequences seq = new ExactlyOnceIT.Sequences(new Random(events));
            scenario.run(broker, apps, seq);
            seq.rethrow();
            assertTrue(seq.count() >= events, seq.count() + " of " + events + " sent");
            awaitExactlyOnce(seq, models, seq.count());
        } finally {
            for (JarProcess a : apps) a.close();
            broker.close();
        }
    }

    interface Scenario {
        void run(JarProcess broker, List<JarProcess> apps, ExactlyOnceIT.Sequences seq) throws Exception;
    }

    @Test
    void anEvictingCacheKilledBetweenCommitsLeavesOnePredictionPerEvent() throws Exception {
        int events = 30_000;
        withBroker(events, (broker, apps, seq) -> {
            Path config = config("elman.state.cache.keys=8", "commit.interval.ms=20000", "producer.transaction.timeout.ms=60000");
            apps.add(startApp("app", config));
            Thread producer = seq.produceInBackground(clients(), events, 50);
            Thread.sleep(28_000);   // the first commit came at about 20 s; the next is due at about 40 s
            long committed = committedEvents();
            assertTrue(producer.isAlive() && committed > 0 && committed < seq.count(), "killed between commits: " + committed
                    + " committed of " + seq.count() + " sent");
            apps.get(0).kill();
            apps.set(0, startApp("app", config));
            producer.join();
        });
    }

    @Test
    void aStandbyRecycledIntoAnActiveTaskLeavesOnePredictionPerEvent() throws Exception {
        int events = 30_000;
        withBroker(events, (broker, apps, seq) -> {
            // tasks go back to the restarted instance at once rather than after a probing rebalance
            Path config = config("num.standby.replicas=1", "acceptable.recovery.lag=1000000000");
            apps.add(startApp("app-a", config));
            apps.add(startApp("app-b", config));
            Thread producer = seq.produceInBackground(clients(), events, 40);
            Thread.sleep(8_000);
            assertTrue(producer.isAlive(), "mid-stream: " + seq.count() + " sent");
            assertEquals(4, taskDirectories(dir.resolve("app-a")), "app-a holds a task directory for each of the 4 partitions: "
                    + "its active tasks and standbys of the others");
            // app-a's standbys of app-b's tasks become active (recycled), then app-b's come back
            apps.get(1).stop();
            Thread.sleep(6_000);
            apps.set(1, startApp("app-b", config));
            producer.join();
        });
    }

    /** The step's task directories (subtopology 1, after the model store's) in an instance's state directory. */
    private static long taskDirectories(Path dataDir) throws Exception {
        try (var s = Files.walk(dataDir)) {
            List<String> all = s.filter(Files::isDirectory).map(p -> dataDir.relativize(p).toString()).toList();
            long tasks = all.stream().filter(p -> p.matches(".*/elman-stream/1_\\d+")).count();
            if (tasks == 0) throw new AssertionError("no task directory of the step under " + dataDir + ": " + all);
            return tasks;
        }
    }

    @Test
    void aBrokerPausedLongerThanTheTransactionTimeoutLeavesOnePredictionPerEvent() throws Exception {
        int runs = Integer.getInteger("cache.pause.runs", 1);
        for (int run = 0; run < runs; run++) {
            boolean cache = run % 2 == 0;
            int events = 30_000;
            String name = "pause-" + run + (cache ? "-cache" : "-nocache");
            withBroker(events, (broker, apps, seq) -> {
                Path config = config("elman.state.cache.keys=" + (cache ? 10_000 : 0));
                apps.add(startApp(name, config));
                Thread producer = seq.produceInBackground(clients(), events, 50);
                Thread.sleep(8_000);
                assertTrue(producer.isAlive(), "mid-stream: " + seq.count() + " sent");
                broker.pause();
                Thread.sleep(16_000);                      // transaction.timeout.ms is 10 s under exactly-once
                broker.resume();
                producer.join();
            });
            System.out.printf("broker pause run %d (cache %s): one prediction per event%n", run + 1, cache ? "on" : "off");
        }
    }
}
