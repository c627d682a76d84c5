package io.elmanstream.state;

import io.elmanstream.testsupport.BrokerAndApps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The long-run check of the key state cache, outside the default suite ({@code mvn -B verify -Psoak};
 * {@code -Dcache.pause.runs=N}, default 20): under load the broker is SIGSTOPped for 16 s, past the
 * 10 s transaction timeout, so the coordinator aborts the open transaction, the app's producer is
 * fenced and Kafka Streams closes its tasks dirty and takes them up again from the changelog. Runs
 * alternate the cache on and off; each must leave exactly one prediction per event, equal to the
 * offline pass (a duplicate is reported as identical or different).
 */
class KeyStateCacheSoak {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.MINUTES)
    void aBrokerPausedLongerThanTheTransactionTimeoutLeavesOnePredictionPerEvent() throws Exception {
        int runs = Integer.getInteger("cache.pause.runs", 20);
        List<String> failed = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            boolean cache = run % 2 == 0;
            int events = 30_000;
            String name = "pause-" + run + (cache ? "-cache" : "-nocache");
            BrokerAndApps c = new BrokerAndApps(dir.resolve("run-" + run));
            Files.createDirectories(dir.resolve("run-" + run));
            long t0 = System.nanoTime();
            try {
                c.withBroker(events, (broker, apps, seq) -> {
                Path config = c.config("elman.state.cache.keys=" + (cache ? 10_000 : 0));
                apps.add(c.startApp(name, config));
                Thread producer = seq.produceInBackground(c.clients(), events, 50);
                Thread.sleep(8_000);
                assertTrue(producer.isAlive(), "mid-stream: " + seq.count() + " sent");
                broker.pause();
                Thread.sleep(16_000);                      // transaction.timeout.ms is 10 s under exactly-once
                broker.resume();
                producer.join();
            });
                System.out.printf("broker pause run %d (cache %s): one prediction per event (%.0f s)%n", run + 1, cache ? "on" : "off",
                        (System.nanoTime() - t0) / 1e9);
            } catch (AssertionError e) {
                String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                failed.add("run " + (run + 1) + " (cache " + (cache ? "on" : "off") + "): " + (first.length() > 600 ? first.substring(0, 600) : first));
                System.out.println("broker pause " + failed.get(failed.size() - 1));
            }
        }
        assertTrue(failed.isEmpty(), failed.size() + " of " + runs + " runs failed:\n" + String.join("\n", failed));
    }
}
