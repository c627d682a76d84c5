package io.elmanstream.cli;

import io.elmanstream.config.AppConfig;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** Where the embedded broker is, the config file and the topic definitions: every command that talks to Kafka has these. */
final class EndpointOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "properties file: any Kafka client or Streams setting, plus elman.* settings")
    Path configFile;

    @Range(min = 0, max = 65535)
    @Option(names = "--broker-port", paramLabel = "PORT", description = "embedded broker port (default: 9092)")
    Integer brokerPort;

    @Option(names = "--broker-host", paramLabel = "HOST", description = "embedded broker bind address (default: 127.0.0.1)")
    String brokerHost;

    @Option(names = "--topics", paramLabel = "DIR", description = "topic definitions to use instead of the built-in topics/ (same files, e.g. other names)")
    Path topicsDir;

    /** The config file's settings, then these flags over them. */
    AppConfig.Builder builder() throws IOException {
        AppConfig.Builder b = AppConfig.builder();
        if (configFile != null) b.file(configFile);
        return b.brokerPort(brokerPort).brokerHost(brokerHost).topicsDir(topicsDir);
    }
}
