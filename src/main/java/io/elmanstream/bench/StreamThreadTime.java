package io.elmanstream.bench;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Map;

/**
 * Where the stream threads spend their time: the mean of Kafka Streams' own {@code process-ratio},
 * {@code commit-ratio}, {@code poll-ratio} and {@code punctuate-ratio} (each the share of the last
 * loop iteration, group {@code stream-thread-metrics}) over every sample taken while a variant
 * runs, averaged over threads. A thread that is processing only part of the time is waiting for
 * the broker: on its transaction commits or its fetches. Also the CPU time of the stream threads
 * themselves, which the broker and the clients' I/O threads in the same process do not blur.
 */
final class StreamThreadTime {
    private static final String[] RATIOS = {"process-ratio", "commit-ratio", "poll-ratio", "punctuate-ratio"};
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final double[] sums = new double[RATIOS.length];
    private long samples;

    /** Adds the threads' current ratios. */
    void sample(KafkaStreams streams) {
        double[] now = new double[RATIOS.length];
        int threads = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName n = e.getKey();
            if (!n.group().equals("stream-thread-metrics")) continue;
            for (int i = 0; i < RATIOS.length; i++) {
                if (!n.name().equals(RATIOS[i]) || !(e.getValue().metricValue() instanceof Double d) || d.isNaN()) continue;
                now[i] += d;
                if (i == 0) threads++;
            }
        }
        if (threads == 0) return;
        for (int i = 0; i < RATIOS.length; i++) sums[i] += now[i] / threads;
        samples++;
    }

    /** CPU nanoseconds used so far by the live stream threads of one application (not its clients' I/O threads). */
    static long streamThreadCpuNanos(String applicationId) {
        long sum = 0;
        for (ThreadInfo t : THREADS.dumpAllThreads(false, false)) {
            String n = t.getThreadName();
            if (n.startsWith(applicationId + "-") && n.matches(".*-StreamThread-\\d+")) sum += Math.max(0, THREADS.getThreadCpuTime(t.getThreadId()));
        }
        return sum;
    }

    /** The mean shares: process, commit, poll, punctuate (NaN before any sample). */
    double[] means() {
        double[] m = new double[RATIOS.length];
        for (int i = 0; i < m.length; i++) m[i] = samples == 0 ? Double.NaN : sums[i] / samples;
        return m;
    }
}
