package io.elmanstream.cli;

import io.elmanstream.config.AppConfig;
import io.elmanstream.http.StatusServer;
import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.serving.ModelTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code run}: the stream processor, until Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the stream processor: events in, per-key Elman state, predictions out. Ctrl-C stops it cleanly.")
public final class RunCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--model", paramLabel = "FILE", description = "model file to publish before starting (repeatable); default: train xor and hello if the models topic has none")
    List<Path> models = new ArrayList<>();

    @Option(names = "--start-timeout", paramLabel = "DURATION",
            description = "give up (exit 1) if the processor is not running after this long, e.g. 5m (default: wait as long as it takes, "
                    + "a line every 30 s; for scripts)")
    String startTimeout;

    @Override
    public Integer call() throws Exception {
        Duration timeout = startTimeout == null ? null : Interval.parse(startTimeout, "--start-timeout");
        AppConfig config = kafka.toConfig();
        StatusServer status = StatusServer.bind(config);   // before anything starts: a taken port is found at once
        KafkaSession session;
        try {
            session = KafkaSession.open(config, System.out);
        } catch (Exception e) {
            if (status != null) status.close();
            throw e;
        }
        ServedProcessor served = null;
        try {
            ModelBootstrap.ensure(ModelTopic.of(session), models, System.out, session.config().applicationId());
            System.out.printf("starting the stream processor (group %s: waiting for partitions and restoring state)...%n",
                    session.config().applicationId());
            served = ServedProcessor.open(session, status, System.out);
            served.app().start(timeout, System.out);
            System.out.printf("processing %s -> %s (dead letters: %s), %s; Ctrl-C to stop%n",
                    session.topics().events().name(), session.topics().predictions().name(), session.topics().deadLetter().name(),
                    session.config().exactlyOnce() ? "exactly-once v2" : "at-least-once");
            CountDownLatch stop = new CountDownLatch(1);
            ServedProcessor running = served;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("stopping...");
                running.close();
                session.close();
                stop.countDown();
            }));
            stop.await();
            return 0;
        } catch (Exception e) {
            if (served != null) served.close();
            else if (status != null) status.close();
            session.close();
            throw e;
        }
    }
}
