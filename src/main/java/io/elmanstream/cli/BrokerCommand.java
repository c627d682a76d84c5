package io.elmanstream.cli;

import io.elmanstream.kafka.KafkaSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code broker}: only the embedded broker (with the topics), for running the processor in another process. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Start only the embedded Kafka broker and create the topics; Ctrl-C stops it.")
public final class BrokerCommand implements Callable<Integer> {
    @Mixin
    BrokerOptions kafka;

    @Override
    public Integer call() throws Exception {
        var config = kafka.toConfig();
        if (!config.embedded()) throw new IllegalArgumentException("broker starts the embedded broker: drop bootstrap.servers from the --config file");
        KafkaSession session = KafkaSession.open(config, System.out);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            session.close();
            stop.countDown();
        }));
        System.out.println("broker running; Ctrl-C to stop");
        stop.await();
        return 0;
    }
}
