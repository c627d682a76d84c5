package io.elmanstream.state;

import io.elmanstream.testsupport.BrokerAndApps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The key state cache's own paths under exactly-once, each with real processes (a broker, app
 * instances) and the standard of the rest: every event has exactly one committed prediction, equal
 * to the offline forward pass of its key's sequence.
 * <ul>
 * <li>eviction: a cache of 8 keys over 1000 keys writes back at nearly every event, with a commit
 * only every 10 s, and the app is SIGKILLed between commits: what eviction wrote is in an aborted
 * transaction and must not be read again;</li>
 * <li>a standby recycled into an active task: two instances with a standby replica each, one
 * stopped and restarted mid-stream;</li>
 * </ul>
 * (A task revived on the same store object after corruption: KeyStateCacheTest.)
 * The broker paused past the transaction timeout, 20 runs alternating the cache on and off, is the
 * long-run check outside the default suite: {@code mvn -B verify -Psoak} (KeyStateCacheSoak).
 */
class KeyStateCacheIT {
    @TempDir
    Path dir;


    @Test
    void anEvictingCacheKilledBetweenCommitsLeavesOnePredictionPerEvent() throws Exception {
        int events = 20_000;
        BrokerAndApps c = new BrokerAndApps(dir);
        c.withBroker(events, (broker, apps, seq) -> {
            Path config = c.config("elman.state.cache.keys=8", "commit.interval.ms=10000", "producer.transaction.timeout.ms=60000");
            apps.add(c.startApp("app", config));
            Thread producer = seq.produceInBackground(c.clients(), events, 30);
            Thread.sleep(15_000);   // the first commit came at about 10 s; the next is due at about 20 s
            long committed = c.committedEvents();
            assertTrue(producer.isAlive() && committed > 0 && committed < seq.count(), "killed between commits: " + committed
                    + " committed of " + seq.count() + " sent");
            apps.get(0).kill();
            apps.set(0, c.startApp("app", config));
            producer.join();
        });
    }

    @Test
    void aStandbyRecycledIntoAnActiveTaskLeavesOnePredictionPerEvent() throws Exception {
        int events = 20_000;
        BrokerAndApps c = new BrokerAndApps(dir);
        c.withBroker(events, (broker, apps, seq) -> {
            // tasks go back to the restarted instance at once rather than after a probing rebalance
            Path config = c.config("num.standby.replicas=1", "acceptable.recovery.lag=1000000000");
            apps.add(c.startApp("app-a", config));
            apps.add(c.startApp("app-b", config));
            Thread producer = seq.produceInBackground(c.clients(), events, 28);
            Thread.sleep(7_000);
            assertTrue(producer.isAlive(), "mid-stream: " + seq.count() + " sent");
            assertEquals(4, taskDirectories(dir.resolve("app-a")), "app-a holds a task directory for each of the 4 partitions: "
                    + "its active tasks and standbys of the others");
            // app-a's standbys of app-b's tasks become active (recycled), then app-b's come back
            apps.get(1).stop();
            Thread.sleep(4_000);
            apps.set(1, c.startApp("app-b", config));
            producer.join();
        });
    }

    /** The step's task directories (subtopology 1, after the model store's) in an instance's state directory. */
    private static long taskDirectories(Path dataDir) throws Exception {
        try (var s = Files.walk(dataDir)) {
            List<String> all = s.filter(Files::isDirectory).map(p -> dataDir.relativize(p).toString()).toList();
            long tasks = all.stream().filter(p -> p.matches(".*/elman-stream/1_\\d+")).count();
            if (tasks == 0) throw new AssertionError("no task directory of the step under " + dataDir + ": " + all);
            return tasks;
        }
    }
}
