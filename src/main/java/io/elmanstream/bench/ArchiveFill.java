package io.elmanstream.bench;

import io.elmanstream.records.Event;
import io.elmanstream.records.EventCodec;
import io.elmanstream.train.Progress;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Fills the event archive with a learnable stream to retrain from. Next-symbol: every key
 * reads a short text round and round from its own starting point, one character per event, with
 * one character in a hundred replaced by a random one of the text's alphabet. A model that learnt
 * the text predicts about 99% of the characters once it knows where a key is in it.
 */
public final class ArchiveFill {
    public static final String TEXT = "hello world, hello stream. the quick brown fox jumps over the lazy dog. ";

    private ArchiveFill() {
    }

    /** Sends {@code events} events of {@code model} over {@code keys} keys; returns the seconds it took. */
    public static double fill(Map<String, Object> clientConfig, String topic, String model, long events, int keys, long seed, Progress progress)
            throws Exception {
        Map<String, Object> p = producerConfig(clientConfig);
        Random rnd = new Random(seed);
        String alphabet = TEXT.chars().distinct().sorted().collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        byte[][] payload = new byte[alphabet.length()][];
        for (int i = 0; i < payload.length; i++) payload[i] = EventCodec.toJson(new Event(model, alphabet.substring(i, i + 1), null, false));
        int[] position = new int[keys];
        for (int k = 0; k < keys; k++) position[k] = rnd.nextInt(TEXT.length());
        long start = System.nanoTime();
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < events; i++) {
                int k = rnd.nextInt(keys);
                char c = rnd.nextInt(100) == 0 ? alphabet.charAt(rnd.nextInt(alphabet.length())) : TEXT.charAt(position[k]);
                position[k] = (position[k] + 1) % TEXT.length();
                producer.send(new ProducerRecord<>(topic, "k" + k, payload[alphabet.indexOf(c)]));
                if (i % 100_000 == 0) progress.update(i, events, "producing");
            }
            producer.flush();
        }
        progress.update(events, events, "producing");
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Sends labelled xor events instead: each key's random bits, each labelled with the xor of it and
     * the key's bit before (its first event carries none), what a label model such as xor retrains from.
     */
    public static double fillXor(Map<String, Object> clientConfig, String topic, String model, long events, int keys, long seed, Progress progress)
            throws Exception {
        Random rnd = new Random(seed);
        int[] previous = new int[keys];
        Arrays.fill(previous, -1);
        long start = System.nanoTime();
        try (var producer = new KafkaProducer<>(producerConfig(clientConfig), new StringSerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < events; i++) {
                int k = rnd.nextInt(keys);
                int bit = rnd.nextInt(2);
                String target = previous[k] < 0 ? null : Integer.toString(previous[k] ^ bit);
                previous[k] = bit;
                producer.send(new ProducerRecord<>(topic, "k" + k, EventCodec.toJson(new Event(model, Integer.toString(bit), target, false))));
                if (i % 100_000 == 0) progress.update(i, events, "producing");
            }
            producer.flush();
        }
        progress.update(events, events, "producing");
        return (System.nanoTime() - start) / 1e9;
    }

    private static Map<String, Object> producerConfig(Map<String, Object> clientConfig) {
        Map<String, Object> p = new HashMap<>(clientConfig);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return p;
    }
}
