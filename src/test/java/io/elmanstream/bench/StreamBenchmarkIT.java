package io.elmanstream.bench;

import io.elmanstream.bench.StreamBenchmark.Result;
import io.elmanstream.bench.StreamBenchmark.Variant;
import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.EmbeddedBroker;
import io.elmanstream.model.Model;
import io.elmanstream.train.TrainingSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stream benchmark end to end on the embedded broker, small: every variant finishes, writes one output per event and reports sane figures. */
class StreamBenchmarkIT {
    @TempDir
    Path dir;

    @Test
    void twoRoundsReportOneMedianPerVariantAndGuarantee() throws Exception {
        AppConfig config = AppConfig.builder().dataDir(dir).brokerPort(EmbeddedBroker.freePort("127.0.0.1")).build();
        Model hello = TrainingSetup.referenceHello().trainModel(1, "bench", 1);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        List<Result> results = new StreamBenchmark(config, 2000, 20, 50, 500, true, new PrintStream(console, true, StandardCharsets.UTF_8))
                .run(List.of(Variant.COUNTER, Variant.ELMAN_HELLO), List.of(true), 2, hello, hello);

        String out = console.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("round 2 of 2") && out.contains("median of 2 rounds"), out);
        // every variant is warmed up, untimed, before the first round (and the pass-through, for the broker and clients)
        for (String v : List.of("pass-through", "counter", "elman-hello")) {
            assertTrue(out.indexOf("(warm-up " + v + ":") >= 0 && out.indexOf("(warm-up " + v + ":") < out.indexOf("round 1 of 2"), out);
        }
        assertEquals(List.of("counter", "elman-hello"), results.stream().map(Result::variant).toList());
        for (Result r : results) {
            assertTrue(r.exactlyOnce());
            // two rounds, each reading the 2,000 events plus the paced ones of every earlier run and its own
            assertTrue(r.inputs() >= 2 * (2000 + 50), r.toString());
            assertEquals(r.inputs(), r.outputs(), "one committed output per event: " + r);
            assertTrue(r.recordsPerSecond() > 0 && r.steadyRecordsPerSecond() > 0, r.toString());
            assertTrue(r.cpuMicrosPerEvent() > 0, r.toString());
            // shares of the stream thread's loop, from Kafka Streams' own ratios
            assertTrue(r.threadCpuMicrosPerEvent() > 0 && r.threadCpuMicrosPerEvent() < r.cpuMicrosPerEvent(), r.toString());
            assertTrue(r.processShare() > 0 && r.commitShare() > 0 && r.processShare() + r.commitShare() + r.pollShare() <= 1.0001, r.toString());
            // latency is NaN when no paced event's prediction arrived
            assertTrue(r.p50LatencyMs() >= 0 && r.p99LatencyMs() >= r.p50LatencyMs(), r.toString());
        }
    }
}
