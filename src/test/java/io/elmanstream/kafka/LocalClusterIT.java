package io.elmanstream.kafka;

import io.elmanstream.config.AppConfig;
import io.elmanstream.testsupport.FreePorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.elmanstream.testsupport.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 3-node KRaft cluster in this JVM: three brokers in one cluster; the app's topics created at
 * replication 3, min in-sync 2 without being told; topics/create-topics.sh run against it with a
 * kafka-topics.sh that is Kafka's own TopicCommand creates the same layout.
 */
class LocalClusterIT {
    @TempDir
    Path dir;

    @Test
    void threeNodesFormOneClusterAndTopicsGetThreeReplicas() throws Exception {
        ClusterLayout layout = new ClusterLayout("127.0.0.1", FreePorts.base(3), 3);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (LocalCluster cluster = LocalCluster.start(layout, List.of(1, 2, 3), dir, Map.of(), new PrintStream(console, true, StandardCharsets.UTF_8))) {
            String out = console.toString(StandardCharsets.UTF_8);
            for (int n = 1; n <= 3; n++) assertTrue(out.contains("node " + n + " of 3 ready at 127.0.0.1:" + layout.brokerPort(n)), out);
            AppConfig config = AppConfig.builder().bootstrapServers(cluster.bootstrapServers()).build();
            Map<String, Object> clients = config.clientConfig(cluster.bootstrapServers());
            TopicCatalog catalog = TopicCatalog.load();
            TopicAdmin.Prepared p = TopicAdmin.prepare(clients, catalog, config);
            assertEquals(catalog.all().size(), p.created().size());
            assertEquals(3, p.replication().factor().orElseThrow());
            assertTrue(p.replication().reason().startsWith("cluster of 3 brokers: replication 3, min in-sync 2"), p.replication().reason());
            try (Admin admin = Admin.create(clients)) {
                assertEquals(3, admin.describeCluster().nodes().get(15, TimeUnit.SECONDS).size());
                assertEquals(layout.clusterId(), admin.describeCluster().clusterId().get(15, TimeUnit.SECONDS), "the cluster id every process computes");
                assertReplicated(admin, catalog, 3, "2");
            }
            TopicAdmin.Prepared again = TopicAdmin.prepare(clients, catalog, config);
            assertTrue(again.created().isEmpty() && again.warnings().isEmpty(), again.toString());

            // a topic made before with one copy is kept, with a warning
            Path old = renamedTopics(catalog, "old.");
            try (Admin admin = Admin.create(clients)) {
                admin.createTopics(List.of(new NewTopic("old.elman.models", 1, (short) 1))).all().get(15, TimeUnit.SECONDS);
                // every broker learns of a new topic from the metadata log a moment later: wait until the answers know it for 600 ms on end
                await("every broker knows old.elman.models").atMost(Duration.ofSeconds(30)).during(Duration.ofMillis(600)).pollInterval(Duration.ofMillis(200))
                        .until(() -> admin.listTopics().names().get(15, TimeUnit.SECONDS).contains("old.elman.models"));
            }
            TopicAdmin.Prepared withOld = TopicAdmin.prepare(clients, TopicCatalog.load(old), config);
            assertEquals(List.of("topic old.elman.models exists with 1 replica per partition, fewer than 3: it was created before; "
                    + "raise it with kafka-reassign-partitions.sh"), withOld.warnings());

            // the compose file's way: topics/create-topics.sh with Kafka's kafka-topics.sh, on fresh names
            Path topics = renamedTopics(catalog, "script.");
            Files.copy(Path.of("topics", "create-topics.sh"), topics.resolve("create-topics.sh"));
            Path bin = dir.resolve("bin");
            Files.createDirectories(bin);
            Path kafkaTopics = bin.resolve("kafka-topics.sh");
            Files.writeString(kafkaTopics, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -cp '"
                    + System.getProperty("java.class.path") + "' org.apache.kafka.tools.TopicCommand \"$@\"\n");
            assertTrue(kafkaTopics.toFile().setExecutable(true));
            ProcessBuilder pb = new ProcessBuilder("sh", topics.resolve("create-topics.sh").toString()).redirectErrorStream(true);
            pb.environment().putAll(Map.of("BOOTSTRAP", cluster.bootstrapServers(), "KAFKA_BIN", bin.toString(),
                    "REPLICATION_FACTOR", "3", "MIN_INSYNC_REPLICAS", "2"));
            Process script = pb.start();
            String log = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(script.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, script.exitValue(), log);
            TopicCatalog scripted = TopicCatalog.load(topics);
            try (Admin admin = Admin.create(clients)) {
                assertReplicated(admin, scripted, 3, "2");
            }
        }
    }

    /** A copy of topics/ whose topics carry a prefix. */
    private Path renamedTopics(TopicCatalog catalog, String prefix) throws Exception {
        Path topics = dir.resolve(prefix + "topics");
        Files.createDirectories(topics);
        try (var files = Files.list(Path.of("topics"))) {
            for (Path src : files.filter(f -> f.toString().endsWith(".properties")).toList()) {
                String text = Files.readString(src);
                for (TopicDefinition t : catalog.all()) text = text.replace("name=" + t.name() + "\n", "name=" + prefix + t.name() + "\n");
                Files.writeString(topics.resolve(src.getFileName()), text);
            }
        }
        return topics;
    }

    /** Every topic of the catalog exists with its partitions, {@code replicas} copies each, its configs and this min in-sync. */
    private static void assertReplicated(Admin admin, TopicCatalog catalog, int replicas, String minIsr) throws Exception {
        List<String> names = catalog.all().stream().map(TopicDefinition::name).toList();
        Map<String, TopicDescription> d = admin.describeTopics(names).allTopicNames().get(15, TimeUnit.SECONDS);
        List<ConfigResource> res = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(res).all().get(15, TimeUnit.SECONDS);
        for (TopicDefinition t : catalog.all()) {
            assertEquals(t.partitions(), d.get(t.name()).partitions().size(), t.name());
            d.get(t.name()).partitions().forEach(p -> assertEquals(replicas, p.replicas().size(), t.name()));
            Config c = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, t.name()));
            assertEquals(minIsr, c.get("min.insync.replicas").value(), t.name());
            t.configs().forEach((k, v) -> assertEquals(v, c.get(k).value(), t.name() + " " + k));
        }
    }
}
