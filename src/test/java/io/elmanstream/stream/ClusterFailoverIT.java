package io.elmanstream.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.ClusterLayout;
import io.elmanstream.kafka.TopicAdmin;
import io.elmanstream.kafka.TopicCatalog;
import io.elmanstream.model.Model;
import io.elmanstream.serving.ModelTopic;
import io.elmanstream.testsupport.EventSequences;
import io.elmanstream.testsupport.FreePorts;
import io.elmanstream.testsupport.JarProcess;
import io.elmanstream.testsupport.OfflineOracle;
import io.elmanstream.testsupport.PredictionsReader;
import io.elmanstream.testsupport.TestModels;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.elmanstream.testsupport.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The product on a real 3-broker cluster, every part a separate OS process: three brokers
 * ({@code broker --nodes 3 --node-id K}), topics at replication 3 and min in-sync 2, two app
 * instances under exactly-once. While at least 100k events over 1000 keys arrive: the broker that
 * leads most partitions of the events topic is SIGKILLed and, while it is down, an instance with
 * replication 3 in its config restarts and becomes ready; one app instance is SIGKILLed and
 * restarted, a third instance joins and takes over partitions, and brokers are restarted one after
 * the other (one in the default suite, all three in the soak profile). Afterwards every event has exactly one prediction,
 * equal to the offline forward pass of its key's sequence, and no event is in the dead letters.
 */
class ClusterFailoverIT {
    private static final int EVENTS = Integer.getInteger("cluster.events", 100_000);
    private static final int ROLLING = Integer.getInteger("cluster.rolling", 1);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private ClusterLayout layout;
    private final JarProcess[] brokers = new JarProcess[4];

    private JarProcess startNode(int id) throws Exception {
        return JarProcess.start(dir.resolve("broker-" + id + ".log"), "broker", "--nodes", "3", "--node-id", Integer.toString(id),
                "--broker-port", Integer.toString(layout.basePort()), "--data-dir", dir.resolve("brokers").toString());
    }

    private void awaitNode(int id, long fromBytes) throws Exception {
        brokers[id].awaitLog("node " + id + " of 3 ready", fromBytes, 120_000);
    }

    /** Starts app instances side by side and waits until each processes. */
    private List<JarProcess> startApps(Path config, String... names) throws Exception {
        List<JarProcess> started = new ArrayList<>();
        long[] from = new long[names.length];
        for (int i = 0; i < names.length; i++) {
            Path log = dir.resolve(names[i] + ".log");
            from[i] = JarProcess.logSize(log);
            started.add(JarProcess.start(log, "run", "--bootstrap-servers", layout.bootstrapServers(), "--data-dir", dir.resolve(names[i]).toString(),
                    "--config", config.toString(), "--http-port", "0"));
        }
        for (int i = 0; i < names.length; i++) started.get(i).awaitLog("processing", from[i], 180_000);
        return started;
    }

    private Map<String, Object> clients() {
        return AppConfig.builder().bootstrapServers(layout.bootstrapServers()).build().clientConfig(layout.bootstrapServers());
    }

    @Test
    void brokerAndInstanceKillsScaleOutAndARollingRestartLoseAndDuplicateNothing() throws Exception {
        layout = new ClusterLayout("127.0.0.1", FreePorts.base(3), 3);
        for (int id = 1; id <= 3; id++) brokers[id] = startNode(id);
        List<JarProcess> apps = new ArrayList<>();
        try {
            for (int id = 1; id <= 3; id++) awaitNode(id, 0);
            TopicAdmin.Prepared prepared = TopicAdmin.prepare(clients(), TopicCatalog.load(), AppConfig.builder().bootstrapServers(layout.bootstrapServers()).build());
            assertEquals(3, prepared.replication().factor().orElseThrow(), prepared.replication().reason());
            Model xor = TestModels.xor(4, 1);
            Model hello = TestModels.hello(4, 1);
            ModelTopic models = new ModelTopic(clients(), TopicCatalog.load());
            models.publish(xor);
            models.publish(hello);
            Path appConfig = dir.resolve("app.properties");
            // a killed instance's partitions move after 6 s; its open transaction aborts after 10 s; a new
            // instance takes over active tasks at once and restores their state (Kafka Streams' default
            // first warms it up as a standby and moves tasks at a probing rebalance, up to 10 min later)
            // replication 3 in the config file, as docs/OPERATIONS.md's cluster.properties has it: an instance must still restart
            // while one of the three brokers is down, since every topic exists
            Files.writeString(appConfig, "elman.replication.factor=3\nsession.timeout.ms=6000\nheartbeat.interval.ms=1500\n"
                    + "acceptable.recovery.lag=1000000000\n");
            apps.addAll(startApps(appConfig, "app-a", "app-b"));
            assertTrue(Files.readString(dir.resolve("app-a.log")).contains("replication 3, min in-sync 2 (elman.replication.factor)"),
                    "the app took replication 3 from its config");

            EventSequences seq = new EventSequences(new Random(31));
            AtomicBoolean enough = new AtomicBoolean();
            Thread producer = seq.produceUntil(clients(), enough, EVENTS, 1500);
            Thread.sleep(4000);

            // the broker leading most partitions of the events topic dies and comes back
            int leader = busiestLeader();
            assertMidStream(producer, seq);
            long from = JarProcess.logSize(dir.resolve("broker-" + leader + ".log"));
            brokers[leader].kill();
            Thread.sleep(3000);
            // while that broker is down, an instance with replication 3 in its config dies and restarts: it becomes ready
            apps.get(1).kill();
            Thread.sleep(1000);
            apps.set(1, startApps(appConfig, "app-b").get(0));
            awaitReady(httpAddress(dir.resolve("app-b.log"), 1));   // ready with a broker down (after the group settles)
            brokers[leader] = startNode(leader);
            awaitNode(leader, from);
            awaitFullIsr();

            // one instance dies and comes back while a third instance joins (scale-out)
            assertMidStream(producer, seq);
            apps.get(1).kill();
            Thread.sleep(2000);
            List<JarProcess> back = startApps(appConfig, "app-b", "app-c");
            apps.set(1, back.get(0));
            apps.add(back.get(1));
            String c = httpAddress(dir.resolve("app-c.log"));
            awaitOwnsKeys(c, seq);

            // rolling restart of the brokers, each back in the ISR before the next goes: one in the default suite, all three
            // in the soak profile (-Dcluster.rolling=3)
            for (int id = 1; id <= ROLLING; id++) {
                assertMidStream(producer, seq);
                from = JarProcess.logSize(dir.resolve("broker-" + id + ".log"));
                brokers[id].stop();
                brokers[id] = startNode(id);
                awaitNode(id, from);
                awaitFullIsr();
            }
            enough.set(true);
            producer.join();
            seq.rethrow();
            assertTrue(seq.count() >= EVENTS, seq.count() + " events");

            List<JsonNode> out = PredictionsReader.readAll(clients(), TopicCatalog.load().predictions().name(), seq.count(),
                    Duration.ofSeconds(300), Duration.ofSeconds(12));
            OfflineOracle.assertExactlyOncePerEventAndEqualOffline(out, seq.snapshot(), xor, hello);
            List<JsonNode> dead = PredictionsReader.readAll(clients(), TopicCatalog.load().deadLetter().name(), 0,
                    Duration.ofSeconds(5), Duration.ofSeconds(3));
            assertEquals(List.of(), dead, "no valid event is a dead letter");
        } finally {
            for (JarProcess a : apps) a.close();
            for (int id = 1; id <= 3; id++) if (brokers[id] != null) brokers[id].close();
        }
    }

    private static void assertMidStream(Thread producer, EventSequences seq) {
        assertTrue(producer.isAlive(), "the producer is still sending: " + seq.count() + " sent");
    }

    /** The node that leads most partitions of the events topic. */
    private int busiestLeader() throws Exception {
        try (Admin admin = Admin.create(clients())) {
            TopicDescription d = admin.describeTopics(List.of(TopicCatalog.load().events().name())).allTopicNames().get(15, TimeUnit.SECONDS)
                    .values().iterator().next();
            Map<Integer, Long> led = d.partitions().stream().filter(p -> p.leader() != null)
                    .collect(Collectors.groupingBy(p -> p.leader().id(), Collectors.counting()));
            return led.entrySet().stream().max(Map.Entry.<Integer, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                    .orElseThrow().getKey();
        }
    }

    /** Waits until every partition of the app's topics has all three replicas in sync again. */
    private void awaitFullIsr() throws Exception {
        List<String> names = TopicCatalog.load().all().stream().map(t -> t.name()).toList();
        try (Admin admin = Admin.create(clients())) {
            // while the cluster settles a describe may fail: ask again
            await("every replica in sync").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> admin.describeTopics(names).allTopicNames().get(15, TimeUnit.SECONDS).values().stream()
                            .flatMap(d -> d.partitions().stream()).mapToInt((TopicPartitionInfo p) -> p.isr().size()).min().orElse(0), min -> min == 3);
        }
    }

    private static String httpAddress(Path log) throws Exception {
        return httpAddress(log, 0);
    }

    /** Where the instance whose log this is answers HTTP, as its {@code start}-th start (from 0) said. */
    private static String httpAddress(Path log, int start) throws Exception {
        Matcher m = Pattern.compile("HTTP on (\\S+) \\(").matcher(Files.readString(log));
        for (int i = 0; i <= start; i++) assertTrue(m.find(), "the app says where its HTTP side is, start " + i);
        return m.group(1);
    }

    /** Waits until the instance answers 200 on /health/ready (it may rebalance more than once while the group settles). */
    private static void awaitReady(String address) throws Exception {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address + "/health/ready")).timeout(Duration.ofSeconds(20))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), "ready with a broker down: " + r.body());
        });
    }

    /** The new instance is ready, and the group's assignment gives it partitions: it is the owner of some keys. */
    private void awaitOwnsKeys(String address, EventSequences seq) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Function<String, HttpResponse<String>> get = path -> {
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address + path)).timeout(Duration.ofSeconds(20)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        List<String> keys = new ArrayList<>(seq.snapshot().keySet()).subList(0, 40);
        await("the third instance takes over a partition").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            if (get.apply("/health/ready").statusCode() != 200) return false;
            for (String k : keys) {
                HttpResponse<String> r = get.apply("/streams/" + k + "?model=" + (k.startsWith("x") ? "xor" : "hello"));
                if (r.statusCode() == 200 && json.readTree(r.body()).get("instance").asText().equals(address)) return true;
            }
            return false;
        });
    }
}
