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
 * @param maxKeyBytes         events whose key is larger than this go to the dead letter topic
 * @param deadLetterMaxBytes  a dead letter keeps at most this many bytes of the record's key and of its value
 * @param modelMaxBytes       the largest model document (uncompressed JSON) the app publishes, carries and serves
 * @param commitIntervalMs    Kafka Streams commit interval
 * @param idleStateMs         a key's state is dropped after this long without events (0 = never)
 * @param stateCacheKeys      N > 0 (default 10,000): up to N key states a partition kept in memory
 *                            as objects in front of the store ({@code KeyStateCache}, docs/DESIGN.md);
 *                            0: Kafka Streams' record cache instead
 * @param httpHost            address the status server (health, metrics) binds to (loopback unless configured)
 * @param httpPort            port of the status server; -1 = no status server
 * @param httpAdvertisedHost  the host name other instances use to reach this one's HTTP server for
 *                            key queries; empty = the bind address, or the machine's name when it
 *                            binds every interface
 * @param replicationFactor   copies of each partition of the topics the app creates, its own and Kafka
 *                            Streams' internal ones (empty: 3 on a cluster of 3 or more brokers, else
 *                            the topic definitions' value)
 * @param minInsyncReplicas   {@code min.insync.replicas} of those topics (empty: 2 when 3 copies are
 *                            chosen by default, else the broker's default)
 * @param topicsDir           a folder of topic definitions to use instead of the jar's {@code topics/} (empty = the jar's)
 * @param clientProperties    extra settings for every Kafka client
 * @param brokerProperties    extra settings for the embedded broker
 */
public record AppConfig(Optional<String> bootstrapServers, String brokerHost, int brokerPort, Path dataDir,
                        String applicationId, boolean exactlyOnce, int recentWindow, int maxEventBytes,
                        int maxKeyBytes, int deadLetterMaxBytes, int modelMaxBytes, long commitIntervalMs, long idleStateMs, int stateCacheKeys,
                        String httpHost, int httpPort, Optional<String> httpAdvertisedHost, Optional<Integer> replicationFactor, Optional<Integer> minInsyncReplicas,
                        Optional<Path> topicsDir,
                        Map<String, String> clientProperties, Map<String, String> brokerProperties) {

    public static final int DEFAULT_BROKER_PORT = 9092;
    /**
     * Upper ends of the key and dead-letter bounds. A dead letter holds the raw key twice (record key
     * and envelope) and the cut value, JSON-escaped (up to 6 bytes per byte) or base64: with these
     * maxima it stays under 256 KiB, far below the producer's default 1 MiB request limit.
     */
    public static final int MAX_KEY_BYTES_LIMIT = 16 * 1024;
    public static final int DEAD_LETTER_MAX_BYTES_LIMIT = 16 * 1024;
    /** Default and upper end of the model document size: 16 MiB holds a 65/512 text net (about 6.6 MB of JSON) with room. */
    public static final int DEFAULT_MODEL_MAX_BYTES = 16 * 1024 * 1024;
    public static final int MODEL_MAX_BYTES_LIMIT = 128 * 1024 * 1024;
    /**
     * The object cache, bounded so that a partition's states stay a small part of the heap: 10,000
     * states of a 100-unit net are about 13 MB (the hidden units as doubles). 0 turns it off.
     */
    public static final int DEFAULT_STATE_CACHE_KEYS = 10_000;

    public AppConfig {
        if (brokerPort < 0 || brokerPort > 65535) throw new IllegalArgumentException("broker port must be 0..65535, got " + brokerPort);
        if (recentWindow < 0 || recentWindow > 4096) throw new IllegalArgumentException("elman.recent.window must be 0..4096, got " + recentWindow);
        if (idleStateMs < 0) throw new IllegalArgumentException("elman.idle.state.ms must be >= 0, got " + idleStateMs);
        if (stateCacheKeys < 0) throw new IllegalArgumentException("elman.state.cache.keys must be >= 0, got " + stateCacheKeys);
        if (maxEventBytes < 16) throw new IllegalArgumentException("elman.max.event.bytes must be at least 16, got " + maxEventBytes);
        if (maxKeyBytes < 1 || maxKeyBytes > MAX_KEY_BYTES_LIMIT) {
            throw new IllegalArgumentException("elman.max.key.bytes must be 1.." + MAX_KEY_BYTES_LIMIT + ", got " + maxKeyBytes);
        }
        if (modelMaxBytes < 1024 * 1024 || modelMaxBytes > MODEL_MAX_BYTES_LIMIT) {
            throw new IllegalArgumentException("elman.model.max.bytes must be " + 1024 * 1024 + ".." + MODEL_MAX_BYTES_LIMIT + ", got " + modelMaxBytes);
        }
        if (deadLetterMaxBytes < 64 || deadLetterMaxBytes > DEAD_LETTER_MAX_BYTES_LIMIT) {
            throw new IllegalArgumentException("elman.deadletter.max.bytes must be 64.." + DEAD_LETTER_MAX_BYTES_LIMIT + ", got " + deadLetterMaxBytes);
        }
        if (httpPort < -1 || httpPort > 65535) throw new IllegalArgumentException("elman.http.port must be -1 (off) or 0..65535, got " + httpPort);
        if (replicationFactor.isPresent() && (replicationFactor.get() < 1 || replicationFactor.get() > Short.MAX_VALUE)) {
            throw new IllegalArgumentException("elman.replication.factor must be at least 1, got " + replicationFactor.get());
        }
        if (minInsyncReplicas.isPresent() && minInsyncReplicas.get() < 1) {
            throw new IllegalArgumentException("elman.min.insync.replicas must be at least 1, got " + minInsyncReplicas.get());
        }
        if (minInsyncReplicas.isPresent() && replicationFactor.isPresent() && minInsyncReplicas.get() > replicationFactor.get()) {
            throw new IllegalArgumentException("elman.min.insync.replicas (" + minInsyncReplicas.get() + ") cannot exceed elman.replication.factor ("
                    + replicationFactor.get() + "): no write could ever be acknowledged");
        }
        if (commitIntervalMs < 1) throw new IllegalArgumentException("commit.interval.ms must be >= 1, got " + commitIntervalMs);
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
        private int maxKeyBytes = 4 * 1024;
        private int deadLetterMaxBytes = 16 * 1024;
        private int modelMaxBytes = DEFAULT_MODEL_MAX_BYTES;
        private long commitIntervalMs = 100;
        private long idleStateMs = 0;
        private int stateCacheKeys = DEFAULT_STATE_CACHE_KEYS;
        private Path topicsDir;
        private String httpHost = "127.0.0.1";
        private int httpPort = 8080;
        private String httpAdvertisedHost;
        private Integer replicationFactor;
        private Integer minInsyncReplicas;
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
                    case "processing.guarantee" -> exactlyOnce = guarantee(v);
                    case "elman.recent.window" -> recentWindow = parseInt(key, v);
                    case "elman.max.event.bytes" -> maxEventBytes = parseInt(key, v);
                    case "elman.max.key.bytes" -> maxKeyBytes = parseInt(key, v);
                    case "elman.deadletter.max.bytes" -> deadLetterMaxBytes = parseInt(key, v);
                    case "elman.model.max.bytes" -> modelMaxBytes = parseInt(key, v);
                    case "commit.interval.ms" -> commitIntervalMs = parseInt(key, v);
                    case "elman.idle.state.ms" -> idleStateMs = parseLong(key, v);
                    case "elman.state.cache.keys" -> stateCacheKeys = parseInt(key, v);
                    case "elman.topics.dir" -> topicsDir = Path.of(v);
                    case "elman.http.host" -> httpHost = v;
                    case "elman.http.port" -> httpPort = parseInt(key, v);
                    case "elman.http.advertised.host" -> httpAdvertisedHost = v;
                    case "elman.replication.factor" -> replicationFactor = parseInt(key, v);
                    case "elman.min.insync.replicas" -> minInsyncReplicas = parseInt(key, v);
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

        public Builder maxKeyBytes(Integer v) {
            if (v != null) maxKeyBytes = v;
            return this;
        }

        public Builder modelMaxBytes(Integer v) {
            if (v != null) modelMaxBytes = v;
            return this;
        }

        public Builder deadLetterMaxBytes(Integer v) {
            if (v != null) deadLetterMaxBytes = v;
            return this;
        }

        public Builder httpHost(String v) {
            if (v != null) httpHost = v;
            return this;
        }

        public Builder replicationFactor(Integer v) {
            if (v != null) replicationFactor = v;
            return this;
        }

        public Builder minInsyncReplicas(Integer v) {
            if (v != null) minInsyncReplicas = v;
            return this;
        }

        public Builder httpAdvertisedHost(String v) {
            if (v != null) httpAdvertisedHost = v;
            return this;
        }

        public Builder httpPort(Integer v) {
            if (v != null) httpPort = v;
            return this;
        }

        public Builder topicsDir(Path v) {
            if (v != null) topicsDir = v;
            return this;
        }

        public Builder idleStateMs(Long v) {
            if (v != null) idleStateMs = v;
            return this;
        }

        public Builder stateCacheKeys(Integer v) {
            if (v != null) stateCacheKeys = v;
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
                    dataDir, applicationId, exactlyOnce, recentWindow, maxEventBytes, maxKeyBytes, deadLetterMaxBytes, modelMaxBytes, commitIntervalMs, idleStateMs,
                    stateCacheKeys, httpHost, httpPort, Optional.ofNullable(httpAdvertisedHost).filter(s -> !s.isBlank()),
                    Optional.ofNullable(replicationFactor), Optional.ofNullable(minInsyncReplicas), Optional.ofNullable(topicsDir), clientProperties, brokerProperties);
        }

        /** Only the two guarantees the app supports; a typo must not silently mean exactly-once. */
        private static boolean guarantee(String v) {
            return switch (v) {
                case "exactly_once_v2" -> true;
                case "at_least_once" -> false;
                default -> throw new IllegalArgumentException(
                        "processing.guarantee must be exactly_once_v2 or at_least_once, got '" + v + "'");
            };
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
