package io.elmanstream.stream;

import io.elmanstream.testsupport.BrokerAndApps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

/**
 * Exactly-once, proven with real crashes: the broker and the app run as separate OS processes;
 * the app is SIGKILLed at random moments while events keep arriving, and restarted; the broker
 * itself is SIGKILLed under a running app while events and transactions are in flight, and
 * restarted (several instances, and brokers of a replicated cluster: ClusterFailoverIT). Each kill is checked to
 * land mid-stream: the producer still sending, the app's committed progress strictly between 0 and
 * the total. Afterwards every event has exactly one committed prediction, in step order per key in
 * the topic, by the right model version and equal to the offline forward pass of its key's sequence;
 * duplicates are looked for during a settle period longer than the transaction timeout.
 * {@code -Deos.events=1000000} runs a larger variant by hand.
 */
class ExactlyOnceIT {
    /** SIGKILLs of the app per run: one in the default suite; three in the soak profile ({@code -Deos.kills=3}). */
    private static final int KILLS = Integer.getInteger("eos.kills", 1);
    private static final int EVENTS = Integer.getInteger("eos.events", 70_000 * KILLS);

    @TempDir
    Path dir;

    @Test
    void oneInstanceKilledWhileEventsArrive() throws Exception {
        Random rnd = new Random(2024);
        BrokerAndApps c = new BrokerAndApps(dir);
        c.withBroker(EVENTS, (broker, apps, seq) -> {
            Path config = c.config();
            apps.add(c.startApp("app", config));
            // long enough that every kill-and-restart round (up to ~15 s each) lands while it sends
            Thread producer = seq.produceInBackground(c.clients(), EVENTS, 20 * KILLS);
            for (int kill = 0; kill < KILLS; kill++) {
                Thread.sleep(2000 + rnd.nextInt(4000));
                c.assertMidStream(seq, producer, EVENTS);
                apps.get(0).kill();
                apps.set(0, c.startApp("app", config));
            }
            producer.join();
        });
    }

    /**
     * The only broker is SIGKILLed under a running app while events and transactions are in flight,
     * and comes back on the same port and data. (Two instances with one killed, and a broker killed
     * in a replicated cluster: ClusterFailoverIT.)
     */
    @Test
    void theBrokerKilledAndRestartedUnderARunningApp() throws Exception {
        Random rnd = new Random(77);
        int events = EVENTS / 2;
        BrokerAndApps c = new BrokerAndApps(dir);
        c.withBroker(events, (broker, apps, seq) -> {
            apps.add(c.startApp("app", c.config()));
            Thread producer = seq.produceInBackground(c.clients(), events, 20);
            Thread.sleep(3000 + rnd.nextInt(2000));
            c.assertMidStream(seq, producer, events);
            c.restartBroker(Duration.ofSeconds(2));
            producer.join();
        });
    }
}
