package io.elmanstream.cli;

import io.elmanstream.config.AppConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** Options of the stream processor's commands (run, demo): a client's, plus the processor's own; they override the --config file. */
final class KafkaOptions {
    @Mixin
    EndpointOptions endpoint;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka cluster to use; without it the embedded broker starts")
    String bootstrapServers;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "embedded broker data and stream state (default: elman-data)")
    Path dataDir;

    @Option(names = "--application-id", paramLabel = "ID", description = "Kafka Streams application id (default: elman-stream)")
    String applicationId;

    @Option(names = "--at-least-once", description = "at-least-once processing instead of exactly-once v2")
    boolean atLeastOnce;

    @Range(min = 0)
    @Option(names = "--recent-window", paramLabel = "N", description = "symbols kept per key to re-warm state after a model swap (default: 32)")
    Integer recentWindow;

    @Range(min = 0)
    @Option(names = "--idle-state-ms", paramLabel = "MS", description = "drop a key's state after this long without events (default: 0 = never)")
    Long idleStateMs;

    @Range(min = -1, max = 65535)
    @Option(names = "--http-port", paramLabel = "PORT", description = "health, Prometheus metrics, models and key state over HTTP (default: 8080; -1 = off)")
    Integer httpPort;

    @Option(names = "--http-host", paramLabel = "HOST", description = "address the HTTP server binds to (default: 127.0.0.1)")
    String httpHost;

    @Option(names = "--http-advertised-host", paramLabel = "HOST",
            description = "name other instances use to reach this one for key queries (default: the --http-host, or this machine's name when that is 0.0.0.0)")
    String httpAdvertisedHost;

    AppConfig toConfig() throws IOException {
        AppConfig.Builder b = endpoint.builder().bootstrapServers(bootstrapServers).dataDir(dataDir)
                .applicationId(applicationId).recentWindow(recentWindow).idleStateMs(idleStateMs).httpPort(httpPort).httpHost(httpHost).httpAdvertisedHost(httpAdvertisedHost);
        if (atLeastOnce) b.exactlyOnce(false);
        return b.build();
    }
}
