package io.elmanstream.cli;

import io.elmanstream.config.AppConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** Options of {@code broker}: the embedded broker's address, data and config; it never uses another cluster. */
final class BrokerOptions {
    @Mixin
    EndpointOptions endpoint;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "broker data (default: elman-data)")
    Path dataDir;

    AppConfig toConfig() throws IOException {
        return endpoint.builder().dataDir(dataDir).build();
    }
}
