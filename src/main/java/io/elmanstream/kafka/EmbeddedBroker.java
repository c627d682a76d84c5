package io.elmanstream.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Properties;

/**
 * A real KRaft Kafka node (broker and controller in one) running in this JVM, from the same broker
 * code a cluster runs: a single-node cluster, or one node of a local cluster laid out by
 * {@link ClusterLayout}. Its storage is formatted on first start and reused after, so
 * a restart on the same directory keeps the topics, the archive and the changelogs. Before any
 * Kafka code touches the directory it takes an exclusive lock on it (a second process on the same
 * data would otherwise rewrite the live broker's configuration and quorum state before failing),
 * and it checks that its port is free, so both mistakes end in one readable line.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private final String host;
    private final int port;
    private final Path dataDir;
    private final Map<String, String> overrides;
    private final ClusterLayout layout;
    private final int nodeId;
    private KafkaRaftServer server;
    private FileChannel lockChannel;
    private FileLock lock;

    public EmbeddedBroker(String host, int port, Path dataDir) {
        this(host, port, dataDir, Map.of());
    }

    /** @param overrides broker settings on top of the single-node defaults (for example SASL listeners) */
    public EmbeddedBroker(String host, int port, Path dataDir, Map<String, String> overrides) {
        this(host, port, dataDir, overrides, null, 1);
    }

    private EmbeddedBroker(String host, int port, Path dataDir, Map<String, String> overrides, ClusterLayout layout, int nodeId) {
        this.host = host;
        this.port = port;
        this.dataDir = dataDir;
        this.overrides = overrides;
        this.layout = layout;
        this.nodeId = nodeId;
    }

    /** Node {@code nodeId} of a local cluster, its data in {@code dataDir} (one folder per node). */
    public static EmbeddedBroker node(ClusterLayout layout, int nodeId, Path dataDir, Map<String, String> overrides) {
        return new EmbeddedBroker(layout.host(), layout.brokerPort(nodeId), dataDir, overrides, layout, nodeId);
    }

    public int nodeId() {
        return nodeId;
    }

    /** Formats the storage if needed and starts the broker; returns when it accepts clients. */
    public EmbeddedBroker start() {
        try {
            Files.createDirectories(dataDir);
            lock();
            checkPortFree();
            int controllerPort = layout == null ? freePortOtherThan(port) : layout.controllerPort(nodeId);
            Properties props = serverProperties(controllerPort);
            Path propsFile = dataDir.resolve("server.properties");
            try (var out = Files.newBufferedWriter(propsFile)) {
                props.store(out, "written by elman-stream's embedded broker");
            }
            if (!Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) format(propsFile);
            server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
            server.startup();
            return this;
        } catch (IOException e) {
            unlock();
            throw new UncheckedIOException("cannot prepare broker data directory " + dataDir, e);
        } catch (RuntimeException e) {
            unlock();
            throw e;
        }
    }

    private void lock() throws IOException {
        Path file = dataDir.resolve(".lock");
        lockChannel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;   // held by this very process
        }
        if (lock == null) {
            lockChannel.close();
            lockChannel = null;
            throw new IllegalStateException("data directory " + dataDir + " is in use by another broker (is 'run', 'demo' or 'broker' "
                    + "already running on it?); stop that one or pass another --data-dir");
        }
    }

    private void unlock() {
        try {
            if (lock != null) lock.release();
            if (lockChannel != null) lockChannel.close();
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
        lock = null;
        lockChannel = null;
    }

    private void checkPortFree() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " is already in use on " + host + "; stop what uses it or pass another --broker-port");
        }
    }

    private Properties serverProperties(int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(nodeId));
        p.put("controller.quorum.voters", layout == null ? "1@" + host + ":" + controllerPort : layout.voters());
        p.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDir.resolve("logs").toString());
        // a cluster of three or more keeps three copies of everything and acknowledges with two
        String rf = Integer.toString(layout == null ? 1 : layout.replicationFactor());
        String minIsr = Integer.toString(layout == null ? 1 : Math.max(1, layout.replicationFactor() - 1));
        p.put("num.partitions", "1");
        p.put("default.replication.factor", rf);
        p.put("min.insync.replicas", minIsr);
        p.put("offsets.topic.replication.factor", rf);
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", rf);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", rf);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.putAll(overrides);
        return p;
    }

    private void format(Path propsFile) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        String clusterId = layout == null ? Uuid.randomUuid().toString() : layout.clusterId();
        // "--cluster-id=ID": a base64 id may begin with '-', which the tool's parser would read as an option
        int rc = StorageTool.execute(new String[]{"format", "--cluster-id=" + clusterId,
                "--config", propsFile.toString(), "--ignore-formatted"}, new PrintStream(buf, true, StandardCharsets.UTF_8));
        if (rc != 0) throw new IllegalStateException("formatting broker storage failed: " + buf.toString(StandardCharsets.UTF_8).strip());
    }

    public String bootstrapServers() {
        return host + ":" + port;
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
        unlock();
    }

    /**
     * A free port for the controller listener that is not the broker's: the broker's port may be
     * one that {@link #freePort} gave the caller a moment ago and nobody has bound yet, which the
     * system can hand out again.
     */
    private int freePortOtherThan(int brokerPort) {
        int p;
        do {
            p = freePort(host);
        } while (p == brokerPort);
        return p;
    }

    /** A port nobody listens on right now, for tests and the controller listener. */
    public static int freePort(String host) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
