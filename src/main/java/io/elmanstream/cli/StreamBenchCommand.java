package io.elmanstream.cli;

import io.elmanstream.bench.BenchModels;
import io.elmanstream.bench.StreamBenchmark.Result;
import io.elmanstream.bench.StreamBenchmark.Variant;
import io.elmanstream.bench.StreamBenchmark;
import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.EmbeddedBroker;
import io.elmanstream.model.Model;
import io.elmanstream.train.TrainingSetup;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code bench stream}: the topology against Kafka Streams' own ceiling, in one run on the embedded broker. */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = "Throughput and latency of the Elman topology next to pass-through and counter topologies, same events, one broker.")
final class StreamBenchCommand implements Callable<Integer> {
    @Range(min = 1)
    @Option(names = "--events", defaultValue = "1000000", description = "events (default: ${DEFAULT-VALUE})")
    int events;

    @Range(min = 1)
    @Option(names = "--keys", defaultValue = "10000", description = "stream keys (default: ${DEFAULT-VALUE})")
    int keys;

    @Range(min = 1)
    @Option(names = "--latency-events", defaultValue = "20000", description = "paced events for the latency figures (default: ${DEFAULT-VALUE})")
    int latencyEvents;

    @Range(min = 1)
    @Option(names = "--latency-rate", defaultValue = "5000", description = "events/s of the paced stream (default: ${DEFAULT-VALUE})")
    int latencyRate;

    @Option(names = "--variants", split = ",", defaultValue = "PASS_THROUGH,COUNTER,ELMAN_HELLO,ELMAN_65X100",
            description = "which topologies (default: ${DEFAULT-VALUE})")
    List<Variant> variants;

    @Range(min = 1)
    @Option(names = "--commit-interval-ms", defaultValue = "100", description = "Kafka Streams commit interval for every variant (default: ${DEFAULT-VALUE})")
    long commitIntervalMs;

    @Range(min = 0)
    @Option(names = "--recent-window", defaultValue = "32", description = "recent symbols kept per key by the Elman variants (default: ${DEFAULT-VALUE})")
    int recentWindow;

    @Range(min = 1)
    @Option(names = "--rounds", defaultValue = "1", description = "measure every variant this many times, interleaved, and report the medians (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Kafka client and Streams settings for every variant, e.g. producer.batch.size=16384 or num.stream.threads=2")
    Path configFile;

    @Option(names = "--metrics", description = "with metrics on, as an operator runs it: Kafka Streams, client and product metrics in a Prometheus registry scraped every second")
    boolean metrics;

    @Option(names = "--guarantees", split = ",", defaultValue = "eos,alos", description = "eos, alos or both (default: ${DEFAULT-VALUE})")
    List<String> guarantees;

    @Override
    public Integer call() throws Exception {
        List<Boolean> eos = new ArrayList<>();
        for (String g : guarantees) {
            if (!g.equals("eos") && !g.equals("alos")) throw new IllegalArgumentException("--guarantees takes eos and/or alos, got '" + g + "'");
            eos.add(g.equals("eos"));
        }
        Path dir = Files.createTempDirectory("elman-bench");
        try {
            return run(eos, dir);
        } finally {
            Utils.delete(dir.toFile()); // the broker's and the state stores' data: up to a gigabyte a run
        }
    }

    private int run(List<Boolean> eos, Path dir) throws Exception {
        AppConfig.Builder builder = AppConfig.builder();
        if (configFile != null) builder.file(configFile);
        AppConfig config = builder.dataDir(dir).brokerPort(EmbeddedBroker.freePort("127.0.0.1"))
                .commitIntervalMs(commitIntervalMs).recentWindow(recentWindow).build();
        System.out.printf("bench stream: %d events, %d keys, 4 partitions, commit interval %d ms, %d cores%n",
                events, keys, commitIntervalMs, Runtime.getRuntime().availableProcessors());
        if (metrics) System.out.println("metrics on: Prometheus registry with Kafka Streams, client and product meters, scraped every second");
        if (!config.clientProperties().isEmpty()) System.out.println("settings for every variant: " + config.clientProperties());
        List<Result> results = new StreamBenchmark(config, events, keys, latencyEvents, latencyRate, metrics, System.out)
                .run(variants, eos, rounds, helloModel(), bigModel());
        for (boolean e : eos) {
            Result a = find(results, "pass-through", e), b = find(results, "counter", e), c = find(results, "elman-hello", e), d = find(results, "elman-65x100", e);
            String g = e ? "EOS " : "ALOS";
            ratio(g, "c/b (elman-hello / counter)     ", c, b);
            ratio(g, "c/a (elman-hello / pass-through)", c, a);
            ratio(g, "d/b (elman-65x100 / counter)    ", d, b);
        }
        return 0;
    }

    /** Throughput ratio x/y, and the same comparison by process CPU per event (y's over x's, so above 1 is x cheaper). */
    private static void ratio(String guarantee, String label, Result x, Result y) {
        if (x == null || y == null) return;
        System.out.printf("%s %s = %.2f   (by CPU per event: %.2f)%n", guarantee, label,
                x.recordsPerSecond() / y.recordsPerSecond(), y.cpuMicrosPerEvent() / x.cpuMicrosPerEvent());
    }

    private static Result find(List<Result> rs, String variant, boolean eos) {
        return rs.stream().filter(r -> r.variant().equals(variant) && r.exactlyOnce() == eos).findFirst().orElse(null);
    }

    private static Model helloModel() {
        return TrainingSetup.referenceHello().trainModel(1, "bench", 1);
    }

    /** A 65-symbol, 100-hidden character net (random weights: the cost per event is what is measured). */
    private static Model bigModel() {
        return BenchModels.randomText("bench", 100, 1, 1);
    }
}
