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
 * @param alertWindow         scored events per key whose mean surprisal is compared with a model's alert threshold
 * @param alertHysteresis     an open alert clears below the threshold less this share of it
 * @param alertThresholds     alert thresholds in bits set by hand, by model name (over the models' own)
 * @param topicsDir           a folder of topic definitions to use instead of the jar's {@code topics/} (empty = the jar's)
 * @param clientProperties    extra settings for every Kafka client
 * @param brokerProperties    extra settings for the embedded broker
 */
public record AppConfig(Optional<String> bootstrapServers, String brokerHost, int brokerPort, Path dataDir,
                        String applicationId, boolean exactlyOnce, int recentWindow, int maxEventBytes,
                        int maxKeyBytes, int deadLetterMaxBytes, int modelMaxBytes, long commitIntervalMs, long idleStateMs, int stateCacheKeys,
                        String httpHost, int httpPort, Optional<String> httpAdvertisedHost, Optional<Integer> replicationFactor, Optional<Integer> minInsyncReplicas,
                        int alertWindow, double alertHysteresis, Map<String, Double> alertThresholds, Optional<Path> topicsDir,
                        Map<String, String> clientProperties, Map<String, String> brokerProperties) {

    /** The checks that span settings or are Kafka's own; each elman.* setting's range is in its definition (ElmanSettings). */
    public AppConfig {
        if (minInsyncReplicas.isPresent() && replicationFactor.isPresent() && minInsyncReplicas.get() > replicationFactor.get()) {
            throw new IllegalArgumentException("elman.min.insync.replicas (" + minInsyncReplicas.get() + ") cannot exceed elman.replication.factor ("
                    + replicationFactor.get() + "): no write could ever be acknowledged");
        }
        if (commitIntervalMs < 1) throw new IllegalArgumentException("commit.interval.ms must be >= 1, got " + commitIntervalMs);
        alertThresholds = Map.copyOf(alertThresholds);
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
        private String applicationId = "elman-stream";
        private boolean exactlyOnce = true;
        private long commitIntervalMs = 100;
        /** The elman.* settings given so far, by name: strings from a file, typed values from flags; parsed once in build(). */
        private final Map<String, Object> elman = new LinkedHashMap<>();
        private final Map<String, String> clientProperties = new LinkedHashMap<>();
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();

        private Builder set(String name, Object value) {
            if (value != null) elman.put(name, value);
            return this;
        }

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
                    case "application.id" -> applicationId = v;
                    case "processing.guarantee" -> exactlyOnce = guarantee(v);
                    case "commit.interval.ms" -> commitIntervalMs = parseLong(key, v);
                    default -> {
                        if (ElmanSettings.defines(key)) elman.put(key, v);
                        else if (key.startsWith("elman.")) throw new IllegalArgumentException("unknown setting '" + key + "' in " + file);
                        else if (key.startsWith("broker.")) brokerProperties.put(key.substring("broker.".length()), v);
                        else clientProperties.put(key, v);
                    }
                }
            }
            ElmanSettings.parse(elman);   // a bad value is the file's error: say so now, not when flags are added
            return this;
        }

        public Builder bootstrapServers(String v) {
            if (v != null) bootstrapServers = v;
            return this;
        }

        public Builder brokerHost(String v) {
            return set(ElmanSettings.BROKER_HOST, v);
        }

        public Builder brokerPort(Integer v) {
            return set(ElmanSettings.BROKER_PORT, v);
        }

        public Builder dataDir(Path v) {
            return set(ElmanSettings.DATA_DIR, v == null ? null : v.toString());
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
            return set(ElmanSettings.RECENT_WINDOW, v);
        }

        public Builder alertWindow(Integer v) {
            return set(ElmanSettings.ALERT_WINDOW, v);
        }

        public Builder alertHysteresis(Double v) {
            return set(ElmanSettings.ALERT_HYSTERESIS, v);
        }

        /** A model's alert threshold in bits, over the one in its training report. */
        public Builder alertThreshold(String model, double bits) {
            return set(ElmanSettings.ALERT_THRESHOLD_PREFIX + model, bits);
        }

        public Builder maxEventBytes(Integer v) {
            return set(ElmanSettings.MAX_EVENT_BYTES, v);
        }

        public Builder maxKeyBytes(Integer v) {
            return set(ElmanSettings.MAX_KEY_BYTES, v);
        }

        public Builder modelMaxBytes(Integer v) {
            return set(ElmanSettings.MODEL_MAX_BYTES, v);
        }

        public Builder deadLetterMaxBytes(Integer v) {
            return set(ElmanSettings.DEADLETTER_MAX_BYTES, v);
        }

        public Builder httpHost(String v) {
            return set(ElmanSettings.HTTP_HOST, v);
        }

        public Builder replicationFactor(Integer v) {
            return set(ElmanSettings.REPLICATION_FACTOR, v);
        }

        public Builder minInsyncReplicas(Integer v) {
            return set(ElmanSettings.MIN_INSYNC_REPLICAS, v);
        }

        public Builder httpAdvertisedHost(String v) {
            return set(ElmanSettings.HTTP_ADVERTISED_HOST, v);
        }

        public Builder httpPort(Integer v) {
            return set(ElmanSettings.HTTP_PORT, v);
        }

        public Builder topicsDir(Path v) {
            return set(ElmanSettings.TOPICS_DIR, v == null ? null : v.toString());
        }

        public Builder idleStateMs(Long v) {
            return set(ElmanSettings.IDLE_STATE_MS, v);
        }

        public Builder stateCacheKeys(Integer v) {
            return set(ElmanSettings.STATE_CACHE_KEYS, v);
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
            Map<String, Object> v = ElmanSettings.parse(elman);
            return new AppConfig(Optional.ofNullable(bootstrapServers).filter(s -> !s.isBlank()), (String) v.get(ElmanSettings.BROKER_HOST),
                    (Integer) v.get(ElmanSettings.BROKER_PORT), Path.of((String) v.get(ElmanSettings.DATA_DIR)), applicationId, exactlyOnce,
                    (Integer) v.get(ElmanSettings.RECENT_WINDOW), (Integer) v.get(ElmanSettings.MAX_EVENT_BYTES), (Integer) v.get(ElmanSettings.MAX_KEY_BYTES),
                    (Integer) v.get(ElmanSettings.DEADLETTER_MAX_BYTES), (Integer) v.get(ElmanSettings.MODEL_MAX_BYTES), commitIntervalMs,
                    (Long) v.get(ElmanSettings.IDLE_STATE_MS), (Integer) v.get(ElmanSettings.STATE_CACHE_KEYS), (String) v.get(ElmanSettings.HTTP_HOST),
                    (Integer) v.get(ElmanSettings.HTTP_PORT), Optional.ofNullable((String) v.get(ElmanSettings.HTTP_ADVERTISED_HOST)).filter(s -> !s.isBlank()),
                    Optional.ofNullable((Integer) v.get(ElmanSettings.REPLICATION_FACTOR)), Optional.ofNullable((Integer) v.get(ElmanSettings.MIN_INSYNC_REPLICAS)),
                    (Integer) v.get(ElmanSettings.ALERT_WINDOW), (Double) v.get(ElmanSettings.ALERT_HYSTERESIS), ElmanSettings.alertThresholds(elman),
                    Optional.ofNullable((String) v.get(ElmanSettings.TOPICS_DIR)).filter(s -> !s.isBlank()).map(Path::of), clientProperties, brokerProperties);
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
