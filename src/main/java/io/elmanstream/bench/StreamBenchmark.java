package io.elmanstream.bench;

import com.sun.management.OperatingSystemMXBean;
import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.kafka.TopicReader;
import io.elmanstream.model.Model;
import io.elmanstream.records.Event;
import io.elmanstream.records.EventCodec;
import io.elmanstream.serving.ModelRegistry;
import io.elmanstream.serving.ModelTopic;
import io.elmanstream.stream.ClusterFacts;
import io.elmanstream.stream.ElmanTopology;
import io.elmanstream.stream.RefusedOutputs;
import io.elmanstream.stream.StreamMeters;
import io.elmanstream.stream.StreamsSettings;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * One run, one broker, the same events for every variant: throughput of the Elman topology next to
 * a pass-through and a per-key counter topology, under exactly-once and at-least-once, plus the
 * event-to-prediction latency of a paced stream while each variant is running.
 */
public final class StreamBenchmark {

    /**
     * What one variant achieved. {@code inputs} is the events it read (the archive plus the paced
     * ones), {@code outputs} the committed records it wrote to the predictions topic: one per input
     * for every variant; a median over rounds sums both. The shares are the stream threads' time
     * processing, committing and polling ({@link StreamThreadTime}).
     */
    public record Result(String variant, boolean exactlyOnce, double recordsPerSecond, double steadyRecordsPerSecond,
                         double cpuMicrosPerEvent, double p50LatencyMs, double p99LatencyMs, long inputs, long outputs,
                         double processShare, double commitShare, double pollShare, double threadCpuMicrosPerEvent) {
    }

    public enum Variant { PASS_THROUGH, COUNTER, ELMAN_HELLO, ELMAN_65X100 }

    /**
     * CPU of the whole process (broker included) per event: on a shared machine it moves less than
     * records/s when a neighbour takes a core, so it backs up the throughput ratios.
     */
    private static final OperatingSystemMXBean PROCESS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final AppConfig base;
    private final int events;
    private final int keys;
    private final int latencyEvents;
    private final int latencyRate;
    private final PrintStream console;
    private final boolean metrics;

    /**
     * @param metrics run every variant as an operator would, with metrics on: Kafka Streams' and the
     *                clients' metrics and the product's own in a Prometheus registry, scraped every second
     */
    public StreamBenchmark(AppConfig base, int events, int keys, int latencyEvents, int latencyRate, boolean metrics, PrintStream console) {
        this.metrics = metrics;
        this.base = base;
        this.events = events;
        this.keys = keys;
        this.latencyEvents = latencyEvents;
        this.latencyRate = latencyRate;
        this.console = console;
    }

    /**
     * Measures every variant under every guarantee, {@code rounds} times over, the variants
     * interleaved within each round; with more than one round it returns the per-variant medians,
     * so that a neighbour taking a core during one run moves no ratio.
     */
    public List<Result> run(List<Variant> variants, List<Boolean> guarantees, int rounds, Model hello, Model big) throws Exception {
        List<Result> results = new ArrayList<>();
        try (KafkaSession session = KafkaSession.open(base, console)) {
            long t0 = System.nanoTime();
            produce(session, events, 0);
            console.printf("produced %d events over %d keys to %s in %.1f s%n", events, keys, session.topics().events().name(), (System.nanoTime() - t0) / 1e9);
            ModelTopic models = ModelTopic.of(session);
            // an untimed pass of every variant first (a quarter of the events each): the broker, the
            // clients, Kafka Streams and each variant's own code get JIT-compiled on it. With only the
            // pass-through warmed, the first round measured the compiler too: on 2 cores C2 compiled
            // for 0.7 s of every second of round 1 and 0.15 s of rounds 2 and 3 (docs/BENCHMARKS.md)
            long version = 1000;
            Set<Variant> warmUps = new LinkedHashSet<>(List.of(Variant.PASS_THROUGH));
            warmUps.addAll(variants);
            for (Variant v : warmUps) {
                publishModel(models, v, hello, big, version++);
                Result warm = measure(session, v, guarantees.get(0), "bench-warmup-" + name(v), Math.max(1, events / 4));
                console.printf("  (warm-up %s: %.0f records/s, not counted)%n", name(v), warm.recordsPerSecond());
            }
            int run = 0;
            for (int round = 1; round <= rounds; round++) {
                if (rounds > 1) console.printf("round %d of %d%n", round, rounds);
                for (Variant v : variants) {
                    publishModel(models, v, hello, big, version++);
                    for (boolean eos : guarantees) {
                        run++;
                        Result r = measure(session, v, eos, "bench-" + run + "-" + name(v) + (eos ? "-eos" : "-alos"), Long.MAX_VALUE);
                        print(r);
                        results.add(r);
                    }
                }
            }
        }
        if (rounds == 1) return results;
        console.printf("median of %d rounds:%n", rounds);
        List<Result> medians = new ArrayList<>();
        for (Variant v : variants) {
            for (boolean eos : guarantees) {
                List<Result> same = results.stream().filter(r -> r.variant().equals(name(v)) && r.exactlyOnce() == eos).toList();
                Result m = new Result(name(v), eos, median(same, Result::recordsPerSecond), median(same, Result::steadyRecordsPerSecond),
                        median(same, Result::cpuMicrosPerEvent), median(same, Result::p50LatencyMs), median(same, Result::p99LatencyMs),
                        same.stream().mapToLong(Result::inputs).sum(), same.stream().mapToLong(Result::outputs).sum(),
                        median(same, Result::processShare), median(same, Result::commitShare), median(same, Result::pollShare),
                        median(same, Result::threadCpuMicrosPerEvent));
                print(m);
                medians.add(m);
            }
        }
        return medians;
    }

    /** A new version of the variant's model, so that its app serves a model it has not seen; none for the baselines. */
    private static void publishModel(ModelTopic models, Variant v, Model hello, Model big, long version) throws Exception {
        if (v == Variant.ELMAN_HELLO) models.publish(hello.withVersion(version));
        if (v == Variant.ELMAN_65X100) models.publish(big.withVersion(version));
    }

    private void print(Result r) {
        console.printf("  %-13s %-4s %8.0f records/s (%8.0f without warm-up)  %5.1f us CPU/event  latency p50 %6.1f ms  p99 %6.1f ms"
                        + "  stream thread: %4.1f us CPU/event, process %2.0f%% commit %2.0f%% poll %2.0f%%%n",
                r.variant(), r.exactlyOnce() ? "EOS" : "ALOS", r.recordsPerSecond(), r.steadyRecordsPerSecond(), r.cpuMicrosPerEvent(),
                r.p50LatencyMs(), r.p99LatencyMs(), r.threadCpuMicrosPerEvent(), 100 * r.processShare(), 100 * r.commitShare(), 100 * r.pollShare());
    }

    private static double median(List<Result> rs, ToDoubleFunction<Result> field) {
        double[] v = rs.stream().mapToDouble(field).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String name(Variant v) {
        return v.name().toLowerCase().replace('_', '-');
    }

    /**
     * Runs one variant over the events topic until {@code limit} events (or all of them) are
     * committed. Only a run over all of them measures latency and counts its outputs.
     */
    private Result measure(KafkaSession session, Variant v, boolean eos, String appId, long limit) throws Exception {
        AppConfig.Builder b = AppConfig.builder().dataDir(base.dataDir()).exactlyOnce(eos).applicationId(appId)
                .commitIntervalMs(base.commitIntervalMs()).recentWindow(base.recentWindow()).stateCacheKeys(base.stateCacheKeys());
        // the same client and Streams settings for every variant: that is what makes an A/B of a setting fair
        base.clientProperties().forEach(b::clientProperty);
        // the alert settings too: a threshold for the bench model puts a surprise window in every key's state
        b.alertWindow(base.alertWindow()).alertHysteresis(base.alertHysteresis());
        base.alertThresholds().forEach(b::alertThreshold);
        AppConfig config = b.build();
        RefusedOutputs refused = new RefusedOutputs();
        ClusterFacts facts = ClusterFacts.read(session);
        var props = StreamsSettings.of(config, session.bootstrapServers(), session.topics(), refused);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        PrometheusMeterRegistry registry = metrics ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : null;
        StreamMeters meters = new StreamMeters();
        if (registry != null) meters.use(registry);
        Function<AppConfig, Topology> topology = switch (v) {
            case PASS_THROUGH -> c -> BaselineTopologies.passThrough(session.topics());
            case COUNTER -> c -> BaselineTopologies.counter(session.topics());
            default -> c -> ElmanTopology.build(c, session.topics(), new ModelRegistry(), refused, facts, meters);
        };
        Map<TopicPartition, Long> outputsFrom = endOffsets(session, session.topics().predictions().name());
        try (Admin admin = Admin.create(session.clientConfig());
             KafkaStreams streams = new KafkaStreams(topology.apply(config), props)) {
            Map<TopicPartition, Long> end = endOffsets(session, session.topics().events().name());
            long inTopic = end.values().stream().mapToLong(Long::longValue).sum();
            long total = Math.min(inTopic, limit);
            boolean whole = total == inTopic;
            long cpuStart = PROCESS.getProcessCpuTime();
            long start = System.nanoTime();
            streams.start();
            KafkaStreamsMetrics binder = registry == null ? null : new KafkaStreamsMetrics(streams);
            if (binder != null) binder.bindTo(registry);
            long lastScrape = System.nanoTime();
            StreamThreadTime shares = new StreamThreadTime();
            long tenth = -1;
            long tenthDone = 0;
            long done = 0;
            while (done < total) {
                Thread.sleep(100);
                done = committed(admin, appId, end);
                shares.sample(streams);
                if (registry != null && System.nanoTime() - lastScrape >= 1_000_000_000L) {
                    registry.scrape();
                    lastScrape = System.nanoTime();
                }
                if (tenth < 0 && done >= total / 10) {
                    tenth = System.nanoTime();
                    tenthDone = done;
                }
                if (System.nanoTime() - start > 900_000_000_000L) throw new IllegalStateException(v + " did not finish in 15 minutes");
            }
            double secs = (System.nanoTime() - start) / 1e9;
            double cpuPerEvent = (PROCESS.getProcessCpuTime() - cpuStart) / 1e3 / total;
            double threadCpuPerEvent = StreamThreadTime.streamThreadCpuNanos(appId) / 1e3 / total;
            double steady = (done - tenthDone) / ((System.nanoTime() - tenth) / 1e9);
            double[] latency = whole ? latency(session) : new double[]{Double.NaN, Double.NaN};
            if (binder != null) binder.close();
            if (registry != null) registry.close();
            streams.close(Duration.ofSeconds(30));
            double[] share = shares.means();
            return new Result(name(v), eos, total / secs, steady, cpuPerEvent, latency[0], latency[1], whole ? total + latencyEvents : total,
                    whole ? committedSince(session, outputsFrom) : 0, share[0], share[1], share[2], threadCpuPerEvent);
        }
    }

    /** Sends a paced stream while the variant runs and measures create-time to committed-output time. */
    private double[] latency(KafkaSession session) throws Exception {
        try (var consumer = TopicReader.open(session.clientConfig(), session.topics().predictions().name(), false)) {
            long sentFrom = System.currentTimeMillis();
            Thread producer = new Thread(() -> {
                try {
                    produce(session, latencyEvents, latencyRate);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            producer.start();
            double[] lat = new double[latencyEvents];
            int n = 0;
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (n < latencyEvents && System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(50))) {
                    if (r.timestamp() >= sentFrom && n < lat.length) lat[n++] = System.currentTimeMillis() - r.timestamp();
                }
            }
            producer.join();
            double[] got = Arrays.copyOf(lat, n);
            Arrays.sort(got);
            if (n == 0) return new double[]{Double.NaN, Double.NaN};
            return new double[]{got[n / 2], got[Math.min(n - 1, (int) (n * 0.99))]};
        }
    }

    private void produce(KafkaSession session, int count, int rate) throws Exception {
        Map<String, Object> p = new HashMap<>(session.clientConfig());
        p.put(ProducerConfig.LINGER_MS_CONFIG, rate > 0 ? 0 : 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Random rnd = new Random(42);
        String[] symbols = {"h", "e", "l", "o"};
        byte[][] payloads = new byte[symbols.length][];
        for (int i = 0; i < symbols.length; i++) payloads[i] = EventCodec.toJson(new Event("bench", symbols[i], null, false));
        String topic = session.topics().events().name();
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + rnd.nextInt(keys), payloads[rnd.nextInt(symbols.length)]));
                if (rate > 0) {
                    long wait = start + (long) i * 1_000_000_000L / rate - System.nanoTime();
                    if (wait > 1_000_000) Thread.sleep(wait / 1_000_000);
                }
            }
            producer.flush();
        }
    }

    private static Map<TopicPartition, Long> endOffsets(KafkaSession session, String topic) {
        try (var consumer = TopicReader.open(session.clientConfig(), topic, false)) {
            return consumer.endOffsets(TopicReader.partitions(consumer));
        }
    }

    /** Committed records in the predictions topic from these offsets to its end. */
    private static long committedSince(KafkaSession session, Map<TopicPartition, Long> from) {
        try (var consumer = TopicReader.open(session.clientConfig(), session.topics().predictions().name(), false)) {
            Map<TopicPartition, Long> end = consumer.endOffsets(TopicReader.partitions(consumer));
            from.forEach(consumer::seek);
            long count = 0;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue()) && System.nanoTime() < deadline) {
                count += consumer.poll(Duration.ofMillis(200)).count();
            }
            return count;
        }
    }

    private static long committed(Admin admin, String group, Map<TopicPartition, Long> end) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        long done = 0;
        for (var e : end.entrySet()) {
            OffsetAndMetadata o = offsets.get(e.getKey());
            if (o != null) done += Math.min(o.offset(), e.getValue());
        }
        return done;
    }
}
