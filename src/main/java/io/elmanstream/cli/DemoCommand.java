package io.elmanstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.elmanstream.config.AppConfig;
import io.elmanstream.http.StatusServer;
import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.kafka.TopicReader;
import io.elmanstream.records.Event;
import io.elmanstream.records.EventCodec;
import io.elmanstream.serving.ModelTopic;
import io.elmanstream.stream.StreamApp;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code demo}: the whole product in one command. Embedded broker, stream processor, and a producer
 * writing interleaved keys of xor bit streams (with labels) and "hello" character streams; every
 * prediction is printed as it is committed, then a summary with the accuracy so far.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Live demo on the embedded broker: interleaved xor and hello streams in, predictions out, then a summary.")
public final class DemoCommand implements Callable<Integer> {
    private static final String WORD = "hello";

    @Mixin
    KafkaOptions kafka;

    @Range(min = 1)
    @Option(names = "--duration", defaultValue = "15", description = "seconds to produce events (default: ${DEFAULT-VALUE})")
    int durationSeconds;

    @Range(min = 1)
    @Option(names = "--rate", defaultValue = "20", description = "events per second (default: ${DEFAULT-VALUE})")
    int rate;

    @Range(min = 1)
    @Option(names = "--keys", defaultValue = "3", description = "keys per model (default: ${DEFAULT-VALUE})")
    int keysPerModel;

    @Option(names = "--quiet", description = "print only the summary")
    boolean quiet;

    /** Counts what the demo saw; next-symbol accuracy compares each prediction with the symbol that followed. */
    private static final class Tally {
        long predictions, xorRight, xorTotal, helloRight, helloTotal;
        final Map<String, String> lastPredicted = new HashMap<>();

        void add(JsonNode p) {
            predictions++;
            String key = p.path("key").asText();
            if (p.path("model").asText().equals("xor")) {
                if (p.hasNonNull("target")) {
                    xorTotal++;
                    if (p.get("target").asText().equals(p.path("predicted").asText())) xorRight++;
                }
            } else {
                String before = lastPredicted.get(key);
                if (before != null && p.path("step").asLong() > 0) {
                    helloTotal++;
                    if (before.equals(p.path("symbol").asText())) helloRight++;
                }
                lastPredicted.put(key, p.path("predicted").asText());
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        AppConfig config = kafka.toConfig();
        StatusServer status = StatusServer.bind(config);   // before anything starts: a taken port is found at once
        try (status; KafkaSession session = KafkaSession.open(config, System.out)) {
            ModelBootstrap.ensure(ModelTopic.of(session), List.of(), System.out, session.config().applicationId());
            try (ServedProcessor served = ServedProcessor.open(session, status, System.out);
                 var consumer = TopicReader.open(session.clientConfig(), session.topics().predictions().name(), false);
                 var producer = new KafkaProducer<>(session.clientConfig(), new StringSerializer(), new ByteArraySerializer())) {
                StreamApp app = served.app();
                app.start(Duration.ofSeconds(120));
                System.out.printf("stream processor running; producing %d events/s over %d keys for %d s%n", rate, 2 * keysPerModel, durationSeconds);
                Tally tally = new Tally();
                Random rnd = new Random();
                List<String> keys = new ArrayList<>();
                for (int i = 1; i <= keysPerModel; i++) {
                    keys.add("xor-" + i);
                    keys.add("hello-" + i);
                }
                Map<String, Integer> position = new HashMap<>();
                Map<String, Integer> lastBit = new HashMap<>();
                long sent = 0;
                long start = System.nanoTime();
                long end = start + durationSeconds * 1_000_000_000L;
                String events = session.topics().events().name();
                for (long now = start; now < end; now = System.nanoTime()) {
                    // send every event due by now in one go, then read what came back: a poll per event capped the rate at ~50/s
                    long due = Math.min((long) ((now - start) / 1e9 * rate) + 1, (long) durationSeconds * rate);
                    for (; sent < due; sent++) {
                        String key = keys.get(rnd.nextInt(keys.size()));
                        producer.send(new ProducerRecord<>(events, key,
                                EventCodec.toJson(nextEvent(key, position, lastBit, rnd))));
                    }
                    drain(consumer, mapper, tally);
                    long wait = start + sent * 1_000_000_000L / rate - System.nanoTime();
                    if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                producer.flush();
                double seconds = (System.nanoTime() - start) / 1e9;
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (tally.predictions < sent && System.nanoTime() < deadline) drain(consumer, mapper, tally);
                System.out.println();
                System.out.printf("summary: %d events sent in %.1f s (%.0f events/s, asked %d/s), %d predictions received%n", sent, seconds,
                        sent / seconds, rate, tally.predictions);
                System.out.printf("  xor   : %d/%d labelled steps predicted right (%.1f%%)%n", tally.xorRight, tally.xorTotal, pct(tally.xorRight, tally.xorTotal));
                System.out.printf("  hello : %d/%d next characters predicted right (%.1f%%)%n", tally.helloRight, tally.helloTotal, pct(tally.helloRight, tally.helloTotal));
                if (session.config().embedded()) {
                    System.out.println("(topics, the archive of events and every key's state stay in " + session.config().dataDir()
                            + "; each demo run starts every key's sequence afresh)");
                }
                return tally.predictions == sent ? 0 : 1;
            }
        }
    }

    /** xor keys: random bits labelled x(t-1) XOR x(t); hello keys: the word over and over, a new sequence per word. */
    private static Event nextEvent(String key, Map<String, Integer> position, Map<String, Integer> lastBit, Random rnd) {
        int pos = position.merge(key, 1, Integer::sum) - 1;
        if (key.startsWith("xor")) {
            int bit = rnd.nextInt(2);
            Integer prev = lastBit.put(key, bit);
            return new Event("xor", Integer.toString(bit), prev == null ? null : Integer.toString(prev ^ bit), prev == null);
        }
        int i = pos % WORD.length();
        return new Event("hello", WORD.substring(i, i + 1), null, i == 0);
    }

    private void drain(KafkaConsumer<String, byte[]> consumer, ObjectMapper mapper, Tally tally) throws Exception {
        for (var r : consumer.poll(Duration.ofMillis(1))) {
            JsonNode p = mapper.readTree(r.value());
            tally.add(p);
            if (!quiet) System.out.println(PredictionLine.format(p));
        }
    }


    private static double pct(long a, long b) {
        return b == 0 ? 0 : 100.0 * a / b;
    }
}
