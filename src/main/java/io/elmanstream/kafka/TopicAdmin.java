package io.elmanstream.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

import java.util.Collection;
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

    /** @return the names of the topics it created */
    public static List<String> createMissing(Map<String, Object> clientConfig, TopicCatalog catalog)
            throws ExecutionException, InterruptedException, TimeoutException {
        try (Admin admin = Admin.create(withTimeouts(clientConfig))) {
            Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            List<NewTopic> missing = catalog.all().stream()
                    .filter(t -> !existing.contains(t.name()))
                    .map(t -> new NewTopic(t.name(), t.partitions(), t.replicationFactor()).configs(t.configs()))
                    .toList();
            if (!missing.isEmpty()) admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            return missing.stream().map(NewTopic::name).toList();
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
            Map<String, Integer> counts = new java.util.HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(15, TimeUnit.SECONDS)
                    .forEach((name, d) -> counts.put(name, d.partitions().size()));
            return counts;
        }
    }

    private static Map<String, Object> withTimeouts(Map<String, Object> clientConfig) {
        Map<String, Object> c = new java.util.HashMap<>(clientConfig);
        c.putIfAbsent("default.api.timeout.ms", 15_000);
        c.putIfAbsent("request.timeout.ms", 10_000);
        return c;
    }
}
