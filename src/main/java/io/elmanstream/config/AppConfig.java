package io.elmanstream.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * All settings of a running instance in one typed place, built from an optional properties file
 * and then command-line flags (flags win). In the file, keys starting with {@code elman.} are the
 * product's own settings; keys starting with {@code broker.} configure the embedded broker (for
 * example its listeners' security); every other key is passed to each Kafka client the app
 * creates (streams, admin, producer, consumer), security settings included.
 *
 * @param bootstrapServers    the cluster to use; empty = start the embedded broker
 * @param brokerHost          address the embedded broker binds to (loopback unless configured)
 * @param brokerPort          port of the embedded broker
 * @param dataDir             embedded broker data and Kafka Streams state live below this
 * @param applicationId       Kafka Streams application id (instances with the same id share work)
 * @param exactlyOnce         exactly-once v2 (default) or at-least-once processing
 * @param recentWindow        symbols kept per key to re-warm the hidden state after a model swap
 * @param maxEventBytes       events larger than this go to the dead letter topic
 * @param commitIntervalMs    Kafka Streams commit interval
 * @param idleStateMs         a key's state is dropped after this long without events (0 = never)
 * @param clientProperties    extra settings for every Kafka client
 * @param brokerProperties    extra settings for the embedded broker
 */
public record AppConfig(Optional<String> bootstrapServers, String brokerHost, int brokerPort, Path dataDir,
                        String applicationId, boolean exactlyOnce, int recentWindow, int maxEventBytes,
                        long commitIntervalMs, long idleStateMs, Map<String, String> clientProperties, Map<String, String> brokerProperties) {

    public static final int DEFAULT_BROKER_PORT = 9092;

    public AppConfig {
        if (brokerPort < 0 || brokerPort > 65535) throw new IllegalArgumentException("broker port must be 0..65535, got " + brokerPort);
        if (recentWindow < 0 || recentWindow > 4096) throw new IllegalArgumentException("elman.recent.window must be 0..4096, got " + recentWindow);
        if (idleStateMs < 0) throw new IllegalArgumentException("elman.idle.state.ms must be >= 0, got " + idleStateMs);
        if (maxEventBytes < 16) throw new IllegalArgumentException("elman.max.event.bytes must be at least 16, got " + maxEventBytes);
        clientProperties = Map.copyOf(clientProperties);
        brokerProperties = Map.copyOf(brokerProperties);
    }

    public static AppConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects settings from a file and flags, in that order, then validates them once. */
    public static final class Builder {
        private String bootstrapServers;
        private String brokerHost = "127.0.0.1";
        private int brokerPort = DEFAULT_BROKER_PORT;
        private Path dataDir = Path.of("elman-data");
        private String applicationId = "elman-stream";
        private boolean exactlyOnce = true;
        private int recentWindow = 32;
        private int maxEventBytes = 64 * 1024;
        private long commitIntervalMs = 100;
        private long idleStateMs = 0;
        private final Map<String, String> clientProperties = new LinkedHashMap<>();
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();

        /** Reads a properties file; unknown {@code elman.*} keys are refused. */
        public Builder file(Path file) throws IOException {
            if (!Files.isRegularFile(file)) throw new IllegalArgumentException("config file not found: " + file);
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
            for (String key : p.stringPropertyNames()) {
                String v = p.getProperty(key).strip();
                switch (key) {
                    case "bootstrap.servers" -> bootstrapServers = v;
                    case "elman.broker.host" -> brokerHost = v;
                    case "elman.broker.port" -> brokerPort = parseInt(key, v);
                    case "elman.data.dir" -> dataDir = Path.of(v);
                    case "application.id" -> applicationId = v;
                    case "processing.guarantee" -> exactlyOnce = !v.equals("at_least_once");
                    case "elman.recent.window" -> recentWindow = parseInt(key, v);
                    case "elman.max.event.bytes" -> maxEventBytes = parseInt(key, v);
                    case "commit.interval.ms" -> commitIntervalMs = parseInt(key, v);
                    case "elman.idle.state.ms" -> idleStateMs = parseLong(key, v);
                    default -> {
                        if (key.startsWith("elman.")) throw new IllegalArgumentException("unknown setting '" + key + "' in " + file);
                        if (key.startsWith("broker.")) brokerProperties.put(key.substring("broker.".length()), v);
                        else clientProperties.put(key, v);
                    }
                }
            }
            return this;
        }

        public Builder bootstrapServers(String v) {
            if (v != null) bootstrapServers = v;
            return this;
        }

        public Builder brokerHost(String v) {
            if (v != null) brokerHost = v;
            return this;
        }

        public Builder brokerPort(Integer v) {
            if (v != null) brokerPort = v;
            return this;
        }

        public Builder dataDir(Path v) {
            if (v != null) dataDir = v;
            return this;
        }

        public Builder applicationId(String v) {
            if (v != null) applicationId = v;
            return this;
        }

        public Builder exactlyOnce(boolean v) {
            exactlyOnce = v;
            return this;
        }

        public Builder recentWindow(Integer v) {
            if (v != null) recentWindow = v;
            return this;
        }

        public Builder maxEventBytes(Integer v) {
            if (v != null) maxEventBytes = v;
            return this;
        }

        public Builder idleStateMs(Long v) {
            if (v != null) idleStateMs = v;
            return this;
        }

        public Builder commitIntervalMs(Long v) {
            if (v != null) commitIntervalMs = v;
            return this;
        }

        public Builder clientProperty(String key, String value) {
            clientProperties.put(key, value);
            return this;
        }

        public Builder brokerProperty(String key, String value) {
            brokerProperties.put(key, value);
            return this;
        }

        public AppConfig build() {
            return new AppConfig(Optional.ofNullable(bootstrapServers).filter(s -> !s.isBlank()), brokerHost, brokerPort,
                    dataDir, applicationId, exactlyOnce, recentWindow, maxEventBytes, commitIntervalMs, idleStateMs, clientProperties, brokerProperties);
        }

        private static long parseLong(String key, String v) {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("setting '" + key + "' must be a whole number, got '" + v + "'");
            }
        }

        private static int parseInt(String key, String v) {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("setting '" + key + "' must be a whole number, got '" + v + "'");
            }
        }
    }

    public boolean embedded() {
        return bootstrapServers.isEmpty();
    }

    /** Settings every Kafka client gets: the bootstrap servers plus the file's client settings. */
    public Map<String, Object> clientConfig(String bootstrap) {
        Map<String, Object> m = new LinkedHashMap<>(clientProperties);
        m.put("bootstrap.servers", bootstrap);
        return m;
    }

    public Path stateDir() {
        return dataDir.resolve("streams");
    }

    public Path brokerDir() {
        return dataDir.resolve("broker");
    }
}
