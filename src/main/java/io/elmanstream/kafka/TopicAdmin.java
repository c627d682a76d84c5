package io.elmanstream.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Creates the catalog's topics that do not exist yet; existing topics are left as they are. */
public final class TopicAdmin {
    private TopicAdmin() {
    }

    /** @return the names of the topics it created */
    public static List<String> createMissing(Map<String, Object> clientConfig, TopicCatalog catalog)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<String, Object> c = new java.util.HashMap<>(clientConfig);
        c.putIfAbsent("default.api.timeout.ms", 15_000);
        c.putIfAbsent("request.timeout.ms", 10_000);
        try (Admin admin = Admin.create(c)) {
            Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            List<NewTopic> missing = catalog.all().stream()
                    .filter(t -> !existing.contains(t.name()))
                    .map(t -> new NewTopic(t.name(), t.partitions(), t.replicationFactor()).configs(t.configs()))
                    .toList();
            if (!missing.isEmpty()) admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            return missing.stream().map(NewTopic::name).toList();
        }
    }
}
