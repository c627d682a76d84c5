package io.elmanstream.cli;

import io.elmanstream.config.AppConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;

/** Options of the client commands (produce, tail, publish, retrain, export): which cluster, and the config file. */
final class ClientOptions {
    @Mixin
    EndpointOptions endpoint;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka cluster to use (default: the embedded broker that run or demo started)")
    String bootstrapServers;

    AppConfig.Builder builder() throws IOException {
        return endpoint.builder().bootstrapServers(bootstrapServers);
    }

    AppConfig toConfig() throws IOException {
        return builder().build();
    }
}
