package io.elmanstream.kafka;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Some or all nodes of a local KRaft cluster in this process. The nodes start side by side: a
 * node's start returns only once a majority of the controllers elected a leader, so started one
 * after the other, the first would wait for the second forever.
 */
public final class LocalCluster implements AutoCloseable {
    private final ClusterLayout layout;
    private final List<EmbeddedBroker> started = new ArrayList<>();

    private LocalCluster(ClusterLayout layout) {
        this.layout = layout;
    }

    /**
     * Starts the given nodes, each with its data in {@code dataDir/node-N}, printing one ready line per node.
     *
     * @param nodeIds which nodes run in this process (all of them, or one per process)
     */
    public static LocalCluster start(ClusterLayout layout, List<Integer> nodeIds, Path dataDir, Map<String, String> overrides,
                                     PrintStream console) throws Exception {
        LocalCluster c = new LocalCluster(layout);
        ExecutorService pool = Executors.newFixedThreadPool(nodeIds.size());
        try {
            List<Future<EmbeddedBroker>> starting = new ArrayList<>();
            for (int id : nodeIds) {
                EmbeddedBroker b = EmbeddedBroker.node(layout, id, dataDir.resolve("node-" + id), overrides);
                starting.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    b.start();
                    console.printf("node %d of %d ready at %s in %.1f s (controller %s:%d, data in %s)%n", id, layout.nodes(),
                            b.bootstrapServers(), (System.nanoTime() - t0) / 1e9, layout.host(), layout.controllerPort(id),
                            dataDir.resolve("node-" + id));
                    return b;
                }));
            }
            Exception failure = null;
            for (Future<EmbeddedBroker> f : starting) {
                try {
                    c.started.add(f.get());
                } catch (ExecutionException e) {
                    if (failure == null) failure = e.getCause() instanceof Exception x ? x : e;
                }
            }
            if (failure != null) {
                c.close();
                throw failure;
            }
            return c;
        } finally {
            pool.shutdown();
        }
    }

    public ClusterLayout layout() {
        return layout;
    }

    /** The bootstrap servers of the whole cluster (all nodes, running here or not). */
    public String bootstrapServers() {
        return layout.bootstrapServers();
    }

    @Override
    public void close() {
        // in parallel too: a controller waits for its quorum on shutdown
        List<Thread> stopping = new ArrayList<>();
        for (EmbeddedBroker b : started) {
            Thread t = new Thread(b::close, "stop-node-" + b.nodeId());
            t.start();
            stopping.add(t);
        }
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        started.clear();
    }
}
