package io.elmanstream.kafka;

import org.apache.kafka.common.Uuid;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Where the nodes of a local KRaft cluster live, derived from the host, the first port and the
 * node count alone, so that every process started with the same three values computes the same
 * cluster: node N (1-based) serves clients on {@code basePort + N - 1} and its controller on
 * {@code basePort + nodes + N - 1}; the quorum voters are all nodes; the cluster id is a hash of
 * the three values.
 */
public record ClusterLayout(String host, int basePort, int nodes) {

    public ClusterLayout {
        if (nodes < 1 || nodes > 9) throw new IllegalArgumentException("--nodes must be 1..9, got " + nodes);
        if (basePort < 1 || basePort + 2 * nodes - 1 > 65535) {
            throw new IllegalArgumentException("--broker-port " + basePort + " leaves no room for " + nodes + " brokers and their controllers (ports up to "
                    + (basePort + 2 * nodes - 1) + ")");
        }
    }

    public int brokerPort(int node) {
        check(node);
        return basePort + node - 1;
    }

    public int controllerPort(int node) {
        check(node);
        return basePort + nodes + node - 1;
    }

    /** {@code controller.quorum.voters}: every node is a voter. */
    public String voters() {
        return IntStream.rangeClosed(1, nodes).mapToObj(n -> n + "@" + host + ":" + controllerPort(n)).collect(Collectors.joining(","));
    }

    /** The bootstrap servers of the whole cluster. */
    public String bootstrapServers() {
        return IntStream.rangeClosed(1, nodes).mapToObj(n -> host + ":" + brokerPort(n)).collect(Collectors.joining(","));
    }

    /** A cluster id every process computes alike; like Kafka's own random ids, never one that begins with '-'. */
    public String clusterId() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] h = sha.digest(("elman-stream " + host + " " + basePort + " " + nodes).getBytes(StandardCharsets.UTF_8));
            while (true) {
                ByteBuffer b = ByteBuffer.wrap(h);
                String id = new Uuid(b.getLong(), b.getLong()).toString();
                if (!id.startsWith("-")) return id;
                h = sha.digest(h);
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The replication this cluster can give: 3 (min in-sync 2) from 3 nodes, else one copy per node. */
    public int replicationFactor() {
        return Math.min(3, nodes);
    }

    private void check(int node) {
        if (node < 1 || node > nodes) throw new IllegalArgumentException("--node-id must be 1.." + nodes + ", got " + node);
    }
}
