package io.elmanstream.testsupport;

import io.elmanstream.kafka.TopicCatalog;
import io.elmanstream.model.Model;
import io.elmanstream.records.Event;
import io.elmanstream.records.EventCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntPredicate;

/**
 * Random xor and hello sequences over {@link #KEYS} keys (x... keys xor bits, h... keys hello
 * characters), sent by a background producer while faults happen, and remembered per key so that
 * the predictions can be checked against the offline pass afterwards ({@link OfflineOracle}).
 */
public final class EventSequences {
    public static final int KEYS = 1000;

    /** The models the keys' events name. */
    public record Models(Model xor, Model hello) {
    }

    private final Random rnd;
    private final Map<String, List<String>> sent = new HashMap<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public EventSequences(Random rnd) {
        this.rnd = rnd;
    }

    private int sentCount;

    public synchronized int count() {
        return sentCount;
    }

    public synchronized Map<String, List<String>> snapshot() {
        Map<String, List<String>> copy = new HashMap<>();
        sent.forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
        return copy;
    }

    public void rethrow() throws Exception {
        if (failure.get() != null) throw failure.get();
    }

    /** Sends {@code count} events over the keys, paced to last about {@code seconds}. */
    public Thread produceInBackground(Map<String, Object> clients, int count, int seconds) {
        return produce(clients, i -> i < count, (long) seconds * 1_000_000_000L / count);
    }

    /** Sends {@code perSecond} events a second until {@code stop} is set and at least {@code minimum} went out. */
    public Thread produceUntil(Map<String, Object> clients, AtomicBoolean stop, int minimum, int perSecond) {
        return produce(clients, i -> i < minimum || !stop.get(), 1_000_000_000L / perSecond);
    }

    private Thread produce(Map<String, Object> clients, IntPredicate more, long nanosPerEvent) {
        Map<String, Object> p = new HashMap<>(clients);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
        String topic = TopicCatalog.load().events().name();   // once: reading the catalog per event cost more than the send
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
                    producer.send(new ProducerRecord<>(topic, key, EventCodec.toJson(e)), (md, ex) -> {
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
