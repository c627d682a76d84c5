package io.elmanstream.stream;

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
    private static final int EVENTS = Integer.getInteger("eos.events", 200_000);
    private static final int KEYS = 1000;

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
    void oneInstanceKilledRepeatedlyWhileEventsArrive() throws Exception {
        setUp();
        Random rnd = new Random(2024);
        Sequences seq = new Sequences(rnd);
        try (JarProcess broker = startBroker()) {
            Models models = publishModels();
            JarProcess app = startApp("app");
            // long enough that all three kill-and-restart rounds (up to ~15 s each) land while it sends
            Thread producer = seq.produceInBackground(clients(), EVENTS, 60);
            for (int kill = 0; kill < 3; kill++) {
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
        Sequences seq = new Sequences(rnd);
        int events = EVENTS / 2;
        JarProcess broker = startBroker();
        try {
            Models models = publishModels();
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

    record Models(Model xor, Model hello) {
    }

    private Models publishModels() throws Exception {
        Models m = new Models(TestModels.xor(4, 1), TestModels.hello(4, 1));
        ModelTopic topic = new ModelTopic(clients(), TopicCatalog.load());
        topic.publish(m.xor());
        topic.publish(m.hello());
        return m;
    }

    /** A kill lands mid-stream: events still being sent, and the app's committed progress strictly between 0 and the total. */
    private void assertMidStream(Sequences seq, Thread producer, int total) throws Exception {
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

    private void awaitAll(Sequences seq, Models models, int expected) throws Exception {
        // the settle period outlasts the transaction timeout (10 s here), so a late commit would be seen
        List<JsonNode> out = PredictionsReader.readAll(clients(), TopicCatalog.load().predictions().name(), expected,
                Duration.ofSeconds(180), Duration.ofSeconds(12));
        Map<String, List<String>> sent = seq.snapshot();
        ElmanStreamIT.assertExactlyOncePerEventAndEqualOffline(out, sent, models.xor(), models.hello());
    }

    /** The events sent so far, per key, and a background producer that sends more. */
    static final class Sequences {
        private final Random rnd;
        private final Map<String, List<String>> sent = new HashMap<>();
        private final AtomicReference<Exception> failure = new AtomicReference<>();

        Sequences(Random rnd) {
            this.rnd = rnd;
        }

        private int sentCount;

        synchronized int count() {
            return sentCount;
        }

        synchronized Map<String, List<String>> snapshot() {
            Map<String, List<String>> copy = new HashMap<>();
            sent.forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
            return copy;
        }

        void rethrow() throws Exception {
            if (failure.get() != null) throw failure.get();
        }

        /** Sends {@code count} events over the keys, paced to last about {@code seconds}. */
        Thread produceInBackground(Map<String, Object> clients, int count, int seconds) {
            return produce(clients, i -> i < count, (long) seconds * 1_000_000_000L / count);
        }

        /** Sends {@code perSecond} events a second until {@code stop} is set and at least {@code minimum} went out. */
        Thread produceUntil(Map<String, Object> clients, java.util.concurrent.atomic.AtomicBoolean stop, int minimum, int perSecond) {
            return produce(clients, i -> i < minimum || !stop.get(), 1_000_000_000L / perSecond);
        }

        private Thread produce(Map<String, Object> clients, java.util.function.IntPredicate more, long nanosPerEvent) {
            Map<String, Object> p = new HashMap<>(clients);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
            Thread t = new Thread(() -> {
                try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
                    long start = System.nanoTime();
                    for (int i = 0; more.test(i); i++) {
                        String key;
                        String symbol;
                        synchronized (this) {
                            int k = rnd.nextInt(KEYS);
                            key = (k % 2 == 0 ? "x" : "h") + k;
                            symbol = k % 2 == 0 ? Integer.toString(rnd.nextInt(2)) : Character.toString("helo".charAt(rnd.nextInt(4)));
                            sent.computeIfAbsent(key, x -> new ArrayList<>()).add(symbol);
                            sentCount++;
                        }
                        Event e = new Event(key.startsWith("x") ? "xor" : "hello", symbol, null, false);
                        producer.send(new ProducerRecord<>(TopicCatalog.load().events().name(), key, EventCodec.toJson(e)), (md, ex) -> {
                            if (ex != null) failure.compareAndSet(null, ex);
                        });
                        long due = start + i * nanosPerEvent;
                        long wait = due - System.nanoTime();
                        if (wait > 1_000_000) Thread.sleep(wait / 1_000_000);
                    }
                    producer.flush();
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "event-producer");
            t.start();
            return t;
        }
    }
}
