package io.elmanstream.kafka;

import io.elmanstream.config.AppConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Creates the catalog's topics that do not exist yet (existing ones are left as they are) and reads their limits. */
public final class TopicAdmin {
    private TopicAdmin() {
    }

    /**
     * What {@link #prepare} did: the topics it created, the replication it chose, and a warning
     * for each existing topic that keeps fewer copies than that.
     */
    public record Prepared(List<String> created, Replication replication, List<String> warnings) {
    }

    /** Chooses the replication for this cluster and creates the catalog's missing topics with it. */
    public static Prepared prepare(Map<String, Object> clientConfig, TopicCatalog catalog, AppConfig config)
            throws ExecutionException, InterruptedException, TimeoutException {
        return prepare(clientConfig, catalog, config, false);
    }

    /**
     * @param client for a client command: a topic this principal may not see or create is one it does
     *               not use (a cluster with ACLs shows each principal only its topics), so not being
     *               allowed to create it is no error
     */
    public static Prepared prepare(Map<String, Object> clientConfig, TopicCatalog catalog, AppConfig config, boolean client)
            throws ExecutionException, InterruptedException, TimeoutException {
        try (Admin admin = Admin.create(withTimeouts(clientConfig))) {
            int brokers = admin.describeCluster().nodes().get(15, TimeUnit.SECONDS).size();
            Replication replication = Replication.resolve(config, brokers);
            Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            List<NewTopic> missing = catalog.all().stream()
                    .filter(t -> !existing.contains(t.name()))
                    .map(t -> new NewTopic(t.name(), t.partitions(), replication.factorFor(t)).configs(configsFor(t, catalog, replication, config)))
                    .toList();
            replication.requireCreatable(missing.stream().map(NewTopic::name).toList(), brokers);
            List<String> created = new ArrayList<>();
            Set<String> present = new HashSet<>(existing);
            if (!missing.isEmpty()) {
                for (var f : admin.createTopics(missing).values().entrySet()) {
                    try {
                        f.getValue().get(30, TimeUnit.SECONDS);
                        created.add(f.getKey());
                    } catch (ExecutionException e) {
                        if (e.getCause() instanceof TopicExistsException) {
                            // another instance created it meanwhile, or the broker asked had not yet heard of it
                            present.add(f.getKey());
                        } else if (!(client && e.getCause() instanceof AuthorizationException)) {
                            throw e;
                        }
                    }
                }
            }
            List<String> warnings = new ArrayList<>();
            List<String> kept = catalog.all().stream().map(TopicDefinition::name).filter(present::contains).toList();
            for (var f : kept.isEmpty() ? Set.<Map.Entry<String, KafkaFuture<TopicDescription>>>of()
                    : admin.describeTopics(kept).topicNameValues().entrySet()) {
                TopicDescription d;
                try {
                    d = f.getValue().get(15, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    continue; // not described (not visible to this principal, or not yet to this broker): nothing to warn about
                }
                int copies = d.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
                short wanted = replication.factorFor(catalog.all().stream().filter(t -> t.name().equals(f.getKey())).findFirst().orElseThrow());
                if (copies < wanted) {
                    warnings.add("topic " + f.getKey() + " exists with " + copies + " replica" + (copies == 1 ? "" : "s") + " per partition, fewer than "
                            + wanted + ": it was created before; raise it with kafka-reassign-partitions.sh");
                }
            }
            return new Prepared(created, replication, warnings);
        }
    }

    /** The smallest {@code max.message.bytes} of these topics, as the broker applies it (topic or broker default). */
    public static int maxMessageBytes(Map<String, Object> clientConfig, Collection<String> topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        try (Admin admin = Admin.create(withTimeouts(clientConfig))) {
            List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(15, TimeUnit.SECONDS);
            return configs.values().stream()
                    .mapToInt(c -> Integer.parseInt(c.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value()))
                    .min().orElseThrow();
        }
    }

    /** How many partitions each of these topics has on the cluster. */
    public static Map<String, Integer> partitionCounts(Map<String, Object> clientConfig, Collection<String> topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        try (Admin admin = Admin.create(withTimeouts(clientConfig))) {
            Map<String, Integer> counts = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(15, TimeUnit.SECONDS)
                    .forEach((name, d) -> counts.put(name, d.partitions().size()));
            return counts;
        }
    }

    /** A topic's configs as created here: its definition's, the replication's, and for the models topic the document size. */
    private static Map<String, String> configsFor(TopicDefinition t, TopicCatalog catalog, Replication replication, AppConfig config) {
        Map<String, String> c = replication.configsFor(t);
        if (t.equals(catalog.models())) c.putAll(ModelTransport.of(config).topicConfig());
        return c;
    }

    private static Map<String, Object> withTimeouts(Map<String, Object> clientConfig) {
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.putIfAbsent("default.api.timeout.ms", 15_000);
        c.putIfAbsent("request.timeout.ms", 10_000);
        return c;
    }
}
