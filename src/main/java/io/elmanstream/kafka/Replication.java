package io.elmanstream.kafka;

import io.elmanstream.config.AppConfig;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How many copies the partitions of the app's topics keep and how many must acknowledge a write,
 * for one deployment: {@code elman.replication.factor} and {@code elman.min.insync.replicas} if
 * set, else 3 and 2 on a cluster of three or more brokers, else what {@code topics/} says (and the
 * broker's default). The same figures go to Kafka Streams' internal topics (changelogs,
 * repartition topics), so no part of the state is kept with fewer copies than the events.
 *
 * @param factor    the replication factor for every topic; empty = each definition's own
 * @param minInsync {@code min.insync.replicas} for every topic; empty = the broker's default
 * @param reason    one line saying what was chosen and why, for the console
 */
public record Replication(Optional<Integer> factor, Optional<Integer> minInsync, String reason) {

    /** @param brokers how many brokers the cluster has */
    public static Replication resolve(AppConfig config, int brokers) {
        if (config.replicationFactor().isPresent()) {
            // more copies than brokers up is no error yet: it only matters if a topic has to be created now (see requireCreatable)
            int f = config.replicationFactor().get();
            Optional<Integer> isr = config.minInsyncReplicas().or(() -> Optional.of(Math.max(1, Math.min(2, f - 1))));
            return new Replication(Optional.of(f), isr, "replication " + f + ", min in-sync " + isr.get() + " (elman.replication.factor)");
        }
        if (brokers >= 3) {
            Optional<Integer> isr = config.minInsyncReplicas().or(() -> Optional.of(2));
            return new Replication(Optional.of(3), isr, "cluster of " + brokers + " brokers: replication 3, min in-sync " + isr.get()
                    + " for every topic the app creates (elman.replication.factor and elman.min.insync.replicas override)");
        }
        return new Replication(Optional.empty(), config.minInsyncReplicas(), "cluster of " + brokers + " broker" + (brokers == 1 ? "" : "s")
                + ": the topic definitions' replication");
    }

    /**
     * Refuses to create topics with more copies than there are brokers up: said when, and only when,
     * topics are missing, so an instance restarts through a broker outage once its topics exist.
     */
    public void requireCreatable(List<String> missing, int brokers) {
        if (factor.isPresent() && factor.get() > brokers && !missing.isEmpty()) {
            throw new IllegalArgumentException("elman.replication.factor is " + factor.get() + " but " + brokers + " broker"
                    + (brokers == 1 ? " is" : "s are") + " up, so " + (missing.size() == 1 ? "topic " : "topics ") + String.join(", ", missing)
                    + " cannot be created: start the missing brokers, or lower elman.replication.factor");
        }
    }

    /** The replication factor a topic defined so gets here. */
    public short factorFor(TopicDefinition t) {
        return factor.map(Integer::shortValue).orElse(t.replicationFactor());
    }

    /** A topic definition's configs plus the chosen {@code min.insync.replicas}. */
    public Map<String, String> configsFor(TopicDefinition t) {
        Map<String, String> c = new HashMap<>(t.configs());
        minInsync.ifPresent(m -> c.put("min.insync.replicas", Integer.toString(m)));
        return c;
    }
}
