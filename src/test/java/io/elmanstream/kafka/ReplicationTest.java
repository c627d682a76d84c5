package io.elmanstream.kafka;

import io.elmanstream.config.AppConfig;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which replication a deployment gets, and the local cluster's layout. */
class ReplicationTest {

    @Test
    void threeAndTwoOnAClusterOfThreeOrMoreTheDefinitionsOnLessAndTheConfigAlways() {
        Replication three = Replication.resolve(AppConfig.defaults(), 5);
        assertEquals(Optional.of(3), three.factor());
        assertEquals(Optional.of(2), three.minInsync());
        Replication one = Replication.resolve(AppConfig.defaults(), 1);
        assertEquals(Optional.empty(), one.factor());
        TopicDefinition events = TopicCatalog.load().events();
        assertEquals(events.replicationFactor(), one.factorFor(events));
        assertEquals(3, three.factorFor(events));
        assertEquals("2", three.configsFor(events).get("min.insync.replicas"));
        assertEquals(events.configs().get("retention.ms"), three.configsFor(events).get("retention.ms"));

        Replication two = Replication.resolve(AppConfig.builder().replicationFactor(2).build(), 3);
        assertEquals(Optional.of(2), two.factor());
        assertEquals(Optional.of(1), two.minInsync());
        Replication set = Replication.resolve(AppConfig.builder().replicationFactor(3).minInsyncReplicas(3).build(), 3);
        assertEquals(Optional.of(3), set.minInsync());
        // with one of three brokers up the setting is no error while every topic exists: only creating one needs the copies
        Replication degraded = Replication.resolve(AppConfig.builder().replicationFactor(3).build(), 1);
        assertEquals(Optional.of(3), degraded.factor());
        degraded.requireCreatable(List.of(), 1);
        Replication.resolve(AppConfig.defaults(), 1).requireCreatable(List.of("elman.events"), 1);
        var tooMany = assertThrows(IllegalArgumentException.class, () -> degraded.requireCreatable(List.of("elman.events"), 1));
        assertEquals("elman.replication.factor is 3 but 1 broker is up, so topic elman.events cannot be created: start the missing brokers, "
                + "or lower elman.replication.factor", tooMany.getMessage());
        var twoTopics = assertThrows(IllegalArgumentException.class, () -> degraded.requireCreatable(List.of("a", "b"), 2));
        assertEquals("elman.replication.factor is 3 but 2 brokers are up, so topics a, b cannot be created: start the missing brokers, "
                + "or lower elman.replication.factor", twoTopics.getMessage());
        degraded.requireCreatable(List.of("a"), 3);
        var bad = assertThrows(IllegalArgumentException.class, () -> AppConfig.builder().replicationFactor(2).minInsyncReplicas(3).build());
        assertTrue(bad.getMessage().contains("cannot exceed"), bad.getMessage());
    }

    @Test
    void everyProcessComputesTheSameCluster() {
        ClusterLayout a = new ClusterLayout("127.0.0.1", 19092, 3);
        ClusterLayout b = new ClusterLayout("127.0.0.1", 19092, 3);
        assertEquals(a.clusterId(), b.clusterId());
        assertTrue(!a.clusterId().equals(new ClusterLayout("127.0.0.1", 19093, 3).clusterId()), "another cluster, another id");
        assertEquals("1@127.0.0.1:19095,2@127.0.0.1:19096,3@127.0.0.1:19097", a.voters());
        assertEquals("127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094", a.bootstrapServers());
        assertEquals(19093, a.brokerPort(2));
        assertEquals("--node-id must be 1..3, got 4", assertThrows(IllegalArgumentException.class, () -> a.brokerPort(4)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ClusterLayout("127.0.0.1", 65534, 3));
        Uuid.fromString(a.clusterId());
        for (int port = 10_000; port < 12_000; port++) {
            assertTrue(!new ClusterLayout("127.0.0.1", port, 3).clusterId().startsWith("-"), "a cluster id the storage tool reads as a value, port " + port);
        }
    }
}
