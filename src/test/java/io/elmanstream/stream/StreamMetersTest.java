package io.elmanstream.stream;

import com.sun.management.ThreadMXBean;
import io.elmanstream.model.Model;
import io.elmanstream.testsupport.TestModels;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The product's meters: one set per model version, counted without allocating, and nothing at all without a registry. */
class StreamMetersTest {

    @Test
    void withoutARegistryThereAreNoMeters() {
        StreamMeters m = new StreamMeters();
        assertNull(m.of(TestModels.xor(1, 1)));
        assertNull(m.step());
        assertNull(m.deadLetters("validate"));
    }

    @Test
    void countingAnEventAllocatesNothing() {
        StreamMeters meters = new StreamMeters();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        meters.use(registry);
        Model xor = TestModels.xor(1, 1);
        StreamMeters.VersionMeters v = meters.of(xor);
        assertSame(v, meters.of(xor), "one set of meters per model version");
        var threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        int n = 200_000;
        for (int round = 0; round < 3; round++) { // the first rounds warm up the JIT
            long before = threads.getThreadAllocatedBytes(tid);
            for (int i = 0; i < n; i++) {
                v.record(i % 7 * 0.25, i % 2 == 0, i % 3 == 0);
                meters.step().record(i, TimeUnit.NANOSECONDS);
            }
            long allocated = threads.getThreadAllocatedBytes(tid) - before;
            if (round == 2) assertTrue(allocated < 4096, allocated + " bytes allocated for " + n + " events");
        }
        assertEquals(3.0 * n, v.predictions().count());
        assertEquals(1.5 * n, v.labelled().count());
        String text = registry.scrape();
        assertTrue(text.contains("elman_online_accuracy{model=\"xor\",version=\"1\"}"), text);
        assertTrue(text.contains("elman_online_surprisal_mean{model=\"xor\",version=\"1\"}"), text);
        assertTrue(text.contains("elman_step_seconds_count"), text);
    }
}
