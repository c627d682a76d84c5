package io.elmanstream.cli;

import io.elmanstream.config.AppConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Flags shared by every command that talks to Kafka; they override the --config file. */
final class KafkaOptions {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka cluster to use; without it run, demo and broker start the embedded broker and the other commands connect to it")
    String bootstrapServers;

    @Option(names = "--config", paramLabel = "FILE", description = "properties file: any Kafka client or Streams setting, plus elman.* settings")
    Path configFile;

    @Option(names = "--broker-port", description = "embedded broker port (default: 9092)")
    Integer brokerPort;

    @Option(names = "--broker-host", description = "embedded broker bind address (default: 127.0.0.1)")
    String brokerHost;

    @Option(names = "--data-dir", description = "embedded broker data and stream state (default: ./elman-data)")
    Path dataDir;

    @Option(names = "--application-id", description = "Kafka Streams application id (default: elman-stream)")
    String applicationId;

    @Option(names = "--at-least-once", description = "at-least-once processing instead of exactly-once v2")
    boolean atLeastOnce;

    @Option(names = "--recent-window", description = "symbols kept per key to re-warm state after a model swap (default: 32)")
    Integer recentWindow;

    @Option(names = "--idle-state-ms", description = "drop a key's state after this long without events (default: 0 = never)")
    Long idleStateMs;

    AppConfig toConfig() throws java.io.IOException {
        AppConfig.Builder b = AppConfig.builder();
        if (configFile != null) b.file(configFile);
        b.bootstrapServers(bootstrapServers).brokerPort(brokerPort).brokerHost(brokerHost).dataDir(dataDir)
                .applicationId(applicationId).recentWindow(recentWindow).idleStateMs(idleStateMs);
        if (atLeastOnce) b.exactlyOnce(false);
        return b.build();
    }
}
