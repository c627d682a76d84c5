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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * A real single-node KRaft Kafka broker (broker and controller in one) running in this JVM, from
 * the same broker code a cluster runs. Its storage is formatted on first start and reused after, so
 * a restart on the same directory keeps the topics, the archive and the changelogs.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private final String host;
    private final int port;
    private final Path dataDir;
    private final Map<String, String> overrides;
    private KafkaRaftServer server;

    public EmbeddedBroker(String host, int port, Path dataDir) {
        this(host, port, dataDir, Map.of());
    }

    /** @param overrides broker settings on top of the single-node defaults (for example SASL listeners) */
    public EmbeddedBroker(String host, int port, Path dataDir, Map<String, String> overrides) {
        this.host = host;
        this.port = port;
        this.dataDir = dataDir;
        this.overrides = overrides;
    }

    /** Formats the storage if needed and starts the broker; returns when it accepts clients. */
    public EmbeddedBroker start() {
        try {
            Files.createDirectories(dataDir);
            int controllerPort = freePort(host);
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
            throw new UncheckedIOException("cannot prepare broker data directory " + dataDir, e);
        }
    }

    private Properties serverProperties(int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDir.resolve("logs").toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.putAll(overrides);
        return p;
    }

    private void format(Path propsFile) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc = StorageTool.execute(new String[]{"format", "--cluster-id", Uuid.randomUuid().toString(),
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
