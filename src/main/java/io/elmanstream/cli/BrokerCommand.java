package io.elmanstream.cli;

import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.ClusterLayout;
import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.kafka.LocalCluster;
import io.elmanstream.kafka.TopicAdmin;
import io.elmanstream.kafka.TopicCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

/** {@code broker}: only the embedded broker (with the topics), or a local KRaft cluster, for running the processor in other processes. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Start only the embedded Kafka broker and create the topics; Ctrl-C stops it.",
                "With --nodes N: a local KRaft cluster of N combined broker+controller nodes, node K on --broker-port + K - 1 "
                        + "(controllers on the N ports after the brokers'), data in --data-dir/broker/node-K. "
                        + "With --node-id K only node K runs here: start each node in its own process with the same --nodes, "
                        + "--broker-port and --broker-host, and they form one cluster."})
public final class BrokerCommand implements Callable<Integer> {
    @Mixin
    BrokerOptions kafka;

    @Range(min = 1, max = 9)
    @Option(names = "--nodes", paramLabel = "N", defaultValue = "1", description = "nodes in the cluster (default: ${DEFAULT-VALUE}; 3 gives replication 3, min in-sync 2)")
    int nodes;

    @Range(min = 1)
    @Option(names = "--node-id", paramLabel = "K", description = "run only node K of the --nodes cluster in this process")
    Integer nodeId;

    @Override
    public Integer call() throws Exception {
        AppConfig config = kafka.toConfig();
        if (!config.embedded()) throw new IllegalArgumentException("broker starts the embedded broker: drop bootstrap.servers from the --config file");
        if (nodes == 1 && nodeId == null) return runUntilStopped(KafkaSession.open(config, System.out)::close, "broker running; Ctrl-C to stop");
        ClusterLayout layout = new ClusterLayout(config.brokerHost(), config.brokerPort(), nodes);
        List<Integer> here = nodeId == null ? IntStream.rangeClosed(1, nodes).boxed().toList() : List.of(checked(nodeId, layout));
        LocalCluster cluster = LocalCluster.start(layout, here, config.brokerDir(), config.brokerProperties(), System.out);
        try {
            if (nodeId == null) {
                TopicAdmin.Prepared p = TopicAdmin.prepare(config.clientConfig(layout.bootstrapServers()),
                        config.topicsDir().map(TopicCatalog::load).orElseGet(TopicCatalog::load), config);
                System.out.println("topics " + (p.created().isEmpty() ? "already there" : "created: " + String.join(", ", p.created())) + "; " + p.replication().reason());
            }
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return runUntilStopped(cluster::close, "cluster " + layout.bootstrapServers() + (nodeId == null ? "" : " (node " + nodeId + " here)")
                + " running; Ctrl-C to stop");
    }

    private static int checked(int id, ClusterLayout layout) {
        layout.brokerPort(id); // names the valid range if not
        return id;
    }

    private static int runUntilStopped(Runnable close, String message) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close.run();
            stop.countDown();
        }));
        System.out.println(message);
        stop.await();
        return 0;
    }
}
